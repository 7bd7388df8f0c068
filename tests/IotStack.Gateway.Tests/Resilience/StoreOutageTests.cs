using System.Net;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IotStack.Gateway.Tests.Resilience;

/// <summary>
/// PostgreSQL stopped for 20 s while a board keeps sending statuses, logs and telemetry: before, the first status
/// during the outage stopped the host. A private cluster (this test stops it); the shared Mosquitto.
/// </summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task Gateway_PostgresStopped20sWhileStatusesAndLogsArrive_StaysUpDegradedThenStoresEverything()
    {
        await using PrivatePostgres postgres = await PrivatePostgres.StartAsync();
        string clientId = "gw-pgdown-" + Guid.NewGuid().ToString("N")[..8];
        string fleet = "pgdown" + Guid.NewGuid().ToString("N")[..6];
        await using TestGateway gateway = await TestGateway.StartAsync(new()
        {
            ["IotStack:Broker:Mode"] = "External",
            ["IotStack:Broker:Host"] = ServiceEndpoints.Mosquitto.Host,
            ["IotStack:Broker:Port"] = TestGateway.Port(ServiceEndpoints.Mosquitto.Port),
            ["IotStack:Broker:ClientId"] = clientId,
            ["IotStack:Storage:Provider"] = "Postgres",
            ["IotStack:Storage:PostgresConnectionString"] = postgres.ConnectionString,
        });
        await gateway.WaitConnectedAsync();
        var lifetime = gateway.App.Services.GetRequiredService<IHostApplicationLifetime>();
        using HttpClient http = ApiClient.Anonymous(gateway.App);
        await using TestPublisher board = await TestPublisher.ConnectAsync(ServiceEndpoints.Mosquitto.Host, ServiceEndpoints.Mosquitto.Port);
        var topics = new DeviceTopics(fleet, "pg1");
        long t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 100_000;
        uint sequence = 0;

        async Task SendRoundAsync()
        {
            sequence++;
            await board.PublishAsync(topics.Status, Frames.Status(DeviceState.Online));
            await board.PublishAsync(topics.Log, Frames.Log($"warning {sequence} with \0 NUL", LogLevel.Warning, t0 + sequence));
            await board.PublishAsync(topics.Telemetry, Frames.Telemetry(sequence, t0 + (sequence * 100L)));
        }

        await SendRoundAsync();
        await Eventually.TrueAsync(async () => (await gateway.Store.ReadSequencesAsync("pg1", CancellationToken.None)).Count == 1, "first round stored");

        await postgres.StopAsync();
        HttpStatusCode during = HttpStatusCode.OK;
        for (int i = 0; i < 20; i++)
        {
            await SendRoundAsync();
            await Task.Delay(1000);
            during = (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode;
        }

        PrometheusScrape degraded = await PrometheusScrape.ReadAsync(http);
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the gateway stopped during the outage");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during);
        Assert.Equal(1, degraded["iotstack_dependency_degraded{dependency=\"store\"}"]);

        await postgres.StartAgainAsync();
        await Eventually.TrueAsync(async () => (await gateway.Store.ReadSequencesAsync("pg1", CancellationToken.None)).Count == 21, "every batch stored after the outage", seconds: 90);
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK, "health ok again", seconds: 60);

        Assert.Equal(Enumerable.Range(1, 21).Select(i => (uint)i), await gateway.Store.ReadSequencesAsync("pg1", CancellationToken.None));
        var timeline = await gateway.Store.ReadTimelineAsync("pg1", null, 100, CancellationToken.None);
        Assert.Equal(21, timeline.Count(e => e.Summary.Contains("with \uFFFD NUL", StringComparison.Ordinal)));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
    }
}
