namespace IotStack.Gateway.Tests.Support;

/// <summary>
/// Tests whose gateways subscribe to every fleet on the suite's shared Mosquitto (<c>iot/+/+/…</c>, shared or not) and
/// count what they store: run one at a time, or each would count the other's boards.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WholeFleetCollection
{
    public const string Name = "gateways on the whole shared fleet";
}
