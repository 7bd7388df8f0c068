namespace IotStack.Console.Tests.Support;

/// <summary>The full gateway with OTA and a fleet that verifies releases; apart from <see cref="ConsoleCollection"/> so the two start side by side.</summary>
[CollectionDefinition(Name)]
public sealed class OtaConsoleCollection : ICollectionFixture<OtaConsoleGateway>
{
    public const string Name = "console-ota";
}
