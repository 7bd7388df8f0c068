using System.Globalization;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Tests.Support;

/// <summary>A real gateway host on free ports for a test; settings override the defaults.</summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private TestGateway(WebApplication app) => App = app;

    public WebApplication App { get; }

    public GatewayMetrics Metrics => App.Services.GetRequiredService<GatewayMetrics>();

    public IGatewayStore Store => App.Services.GetRequiredService<IGatewayStore>();

    public Uri BaseAddress => new(App.Urls.First());

    public static async Task<TestGateway> StartAsync(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["IotStack:Broker:Port"] = "0",
            ["IotStack:Broker:ReconnectDelay"] = "00:00:00.200",
            ["IotStack:Alerts:TickInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        WebApplication app = GatewayHost.Build([], all);
        await app.StartAsync();
        return new TestGateway(app);
    }

    public async Task<(string Host, int Port)> BrokerAsync() =>
        await App.Services.GetRequiredService<BrokerEndpoint>().WaitAsync(CancellationToken.None);

    /// <summary>A publisher on the embedded broker with the gateway's own identity (may publish anywhere, like a test rig).</summary>
    public async Task<TestPublisher> PublisherAsync()
    {
        var (host, port) = await BrokerAsync();
        var gateway = App.Services.GetRequiredService<GatewayMqttCredentials>();
        return await TestPublisher.ConnectAsync(host, port, gateway.UserName, gateway.Secret);
    }

    /// <summary>Issues a board credential in this gateway's store: (user name, secret).</summary>
    public (string User, string Secret) IssueBoard(string fleet, string device) =>
        (DeviceCredential.UserNameOf(fleet, device), App.Services.GetRequiredService<DeviceCredentialStore>().Issue(fleet, device));

    /// <summary>Waits until the gateway's MQTT session is up (its subscriptions exist before we publish).</summary>
    public async Task WaitConnectedAsync()
    {
        var client = App.Services.GetRequiredService<GatewayMqttClient>();
        await Eventually.TrueAsync(() => Task.FromResult(client.IsReady), "gateway MQTT connected");
    }

    /// <summary>Like a crash: no graceful stop, no flush; whatever is not committed is not acknowledged.</summary>
    public ValueTask KillAsync() => App.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await App.StopAsync(cts.Token);
        }
        catch (ObjectDisposedException)
        {
        }

        await App.DisposeAsync();
    }

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
