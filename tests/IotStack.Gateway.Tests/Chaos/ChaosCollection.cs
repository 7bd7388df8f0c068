namespace IotStack.Gateway.Tests.Chaos;

/// <summary>
/// The chaos scenarios run one after another (each starts its own broker, gateway process and boards; together they
/// would measure the machine, not the gateway). Filter: <c>--filter Category=Chaos</c>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "Chaos";
}
