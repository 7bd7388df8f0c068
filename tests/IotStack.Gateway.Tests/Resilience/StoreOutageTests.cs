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
/// Part of the chaos suite (<c>Category=Chaos</c>); in process, so it checks the host's lifetime rather than a PID.
/// </summary>
[Collection(Chaos.ChaosCollection.Name)]
[Trait("Category", "Chaos")]
public sealed class StoreOutageTests
{
    [Fact]
    public async Task Gateway_PostgresStopped20sWhileStatusesAndLogsArrive_StaysUpDegradedThenStoresEverything()
    {
        await using PrivatePostgres postgres = await PrivatePostgres.StartAsync();
        string clientId = "gw-pgdown-" + Guid.NewGuid().ToString("N")[..8];
        string fleet = "pgdown" + Guid.NewGuid().ToString("N")[..6];
        await using TestGateway gateway = await StartOnAsync(postgres, clientId);
        await gateway.WaitConnectedAsync();
        var lifetime = gateway.App.Services.GetRequiredService<IHostApplicationLifetime>();
        using HttpClient http = ApiClient.Anonymous(gateway.App);
        await using TestPublisher board = await TestPublisher.ConnectAsync(ServiceEndpoints.Mosquitto.Host, ServiceEndpoints.Mosquitto.Port, ServiceEndpoints.MosquittoBoardAccount);
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

    [Fact]
    public async Task Gateway_StartedWhilePostgresDown_RunsDegradedThenCreatesSchemaAndStoresWhenItComesUp()
    {
        // A cluster that exists but is down when the gateway starts (a database that boots after the gateway).
        await using PrivatePostgres postgres = await PrivatePostgres.StartAsync();
        await postgres.StopAsync();
        string fleet = "pglate" + Guid.NewGuid().ToString("N")[..6];
        await using TestGateway gateway = await StartOnAsync(postgres, "gw-pglate-" + Guid.NewGuid().ToString("N")[..8]);
        await gateway.WaitConnectedAsync();
        var lifetime = gateway.App.Services.GetRequiredService<IHostApplicationLifetime>();
        using HttpClient http = ApiClient.Anonymous(gateway.App);
        await using TestPublisher board = await TestPublisher.ConnectAsync(ServiceEndpoints.Mosquitto.Host, ServiceEndpoints.Mosquitto.Port, ServiceEndpoints.MosquittoBoardAccount);
        var topics = new DeviceTopics(fleet, "late1");
        long t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 100_000;
        for (uint i = 1; i <= 5; i++)
        {
            await board.PublishAsync(topics.Status, Frames.Status(DeviceState.Online));
            await board.PublishAsync(topics.Telemetry, Frames.Telemetry(i, t0 + (i * 100L)));
        }

        string degraded = "";
        await Eventually.TrueAsync(async () =>
        {
            using HttpResponseMessage health = await http.GetAsync(new Uri("/health", UriKind.Relative));
            degraded = await health.Content.ReadAsStringAsync();
            return health.StatusCode == HttpStatusCode.ServiceUnavailable && degraded.Contains("\"store\"", StringComparison.Ordinal);
        }, "/health degraded naming the store", seconds: 60);
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the gateway stopped at start-up with the database down");

        await postgres.StartAgainAsync();
        // Health turns ok when the schema is there (the store initializer's success); reading before would find no tables.
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK, "health ok again", seconds: 90);
        await Eventually.TrueAsync(async () => (await gateway.Store.ReadSequencesAsync("late1", CancellationToken.None)).Count == 5, "batches stored", seconds: 90);
        Assert.Equal([1u, 2u, 3u, 4u, 5u], await gateway.Store.ReadSequencesAsync("late1", CancellationToken.None));
        Assert.NotNull(await gateway.Store.ReadDeviceAsync("late1", CancellationToken.None));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
    }

    /// <summary>An in-process gateway on the shared Mosquitto and this test's own PostgreSQL.</summary>
    private static Task<TestGateway> StartOnAsync(PrivatePostgres postgres, string clientId) => TestGateway.StartAsync(new()
    {
        ["IotStack:Broker:Mode"] = "External",
        ["IotStack:Broker:Host"] = ServiceEndpoints.Mosquitto.Host,
        ["IotStack:Broker:Port"] = TestGateway.Port(ServiceEndpoints.Mosquitto.Port),
        ["IotStack:Broker:Username"] = ServiceEndpoints.MosquittoAccount.User,
        ["IotStack:Broker:Password"] = ServiceEndpoints.MosquittoAccount.Password,
        ["IotStack:Broker:ClientId"] = clientId,
        ["IotStack:Storage:Provider"] = "Postgres",
        ["IotStack:Storage:PostgresConnectionString"] = postgres.ConnectionString,
    });
}
