using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Gateway.Tests.Broker.Access;

/// <summary>
/// Base of the claim-flow test classes: a gateway of its own per test on the embedded broker and SQLite, every log line
/// captured (so secret checks see the informational ones too), and the claim token store on a fake clock (the rest of
/// the gateway on the real one), so a token's expiry is a clock step, not a wait.
/// </summary>
public abstract class ClaimGatewayTests : IAsyncLifetime
{
    private WebApplication? _app;

    private protected TempDirectory Dir { get; } = new();

    private protected CapturedLogs Logs { get; } = new();

    private protected FakeTimeProvider TokenClock { get; } = new(TimeProvider.System.GetUtcNow());

    private protected WebApplication App => _app ?? throw new InvalidOperationException("not initialised");

    private protected ClaimTokenStore Tokens => App.Services.GetRequiredService<ClaimTokenStore>();

    private protected DeviceCredentialStore Devices => App.Services.GetRequiredService<DeviceCredentialStore>();

    private protected GatewayMetrics Metrics => App.Services.GetRequiredService<GatewayMetrics>();

    private protected IGatewayStore Store => App.Services.GetRequiredService<IGatewayStore>();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["IotStack:Broker:Mode"] = "Embedded",
            ["IotStack:Broker:Port"] = "0",
            ["IotStack:Broker:ReconnectDelay"] = "00:00:00.200",
            ["IotStack:Alerts:TickInterval"] = "00:00:00.200",
            ["IotStack:Storage:SqlitePath"] = Dir.File("claims.db"),
            ["Logging:LogLevel:Default"] = "Debug",
        };
        _app = GatewayHost.Build([], settings, builder =>
        {
            builder.Logging.AddProvider(Logs);
            builder.Services.AddSingleton(sp => new ClaimTokenStore(sp.GetRequiredService<DeviceCredentialStore>(), TokenClock));
        });
        await App.StartAsync();
        GatewayMqttClient client = App.Services.GetRequiredService<GatewayMqttClient>();
        await Eventually.TrueAsync(() => Task.FromResult(client.IsReady), "gateway MQTT connected");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(cts.Token);
            await _app.DisposeAsync();
        }

        Dir.Dispose();
    }

    private protected async Task<(string Host, int Port)> BrokerAsync() =>
        await App.Services.GetRequiredService<BrokerEndpoint>().WaitAsync(CancellationToken.None);
}
