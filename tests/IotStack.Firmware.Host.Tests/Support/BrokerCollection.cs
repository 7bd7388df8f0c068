namespace IotStack.Firmware.Host.Tests.Support;

/// <summary>
/// Tests against the live broker run one after another: they block threads on broker round trips, and running them
/// side by side on two cores only makes each slower without testing anything more.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrokerCollection
{
    public const string Name = "broker";
}
