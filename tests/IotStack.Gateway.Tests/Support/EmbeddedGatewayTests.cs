namespace IotStack.Gateway.Tests.Support;

/// <summary>
/// Base of the test classes that run against a gateway of their own per test: the embedded broker, a SQLite store in a
/// temporary folder, the gateway's MQTT session up before the test starts.
/// </summary>
public abstract class EmbeddedGatewayTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private TestGateway? _gateway;

    private protected TestGateway Gateway => _gateway ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(new()
        {
            ["IotStack:Broker:Mode"] = "Embedded",
            ["IotStack:Storage:SqlitePath"] = _dir.File("gateway.db"),
        });
        await _gateway.WaitConnectedAsync();
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _dir.Dispose();
    }
}
