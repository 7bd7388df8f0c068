namespace IotStack.Console.Tests.Support;

/// <summary>One gateway and fleet for every test that needs them: starting them is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleGateway>
{
    public const string Name = "console";
}
