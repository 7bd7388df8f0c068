using System.Text;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;

namespace IotStack.Gateway.Tests.Metrics;

/// <summary>
/// /metrics of a real gateway (embedded broker, SQLite, a webhook on loopback), scraped after known events: each
/// counter README names moves by exactly the events it counts, and the platform's own meters are exported beside them.
/// </summary>
public sealed class GatewayMetricsTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private RecordingHttpServer? _webhook;
    private TestGateway? _gateway;
    private HttpClient? _http;

    public async Task InitializeAsync()
    {
        _webhook = await RecordingHttpServer.StartAsync();
        _gateway = await TestGateway.StartAsync(new()
        {
            ["IotStack:Broker:Mode"] = "Embedded",
            ["IotStack:Storage:SqlitePath"] = _dir.File("metrics.db"),
            ["IotStack:Channels:1:Max"] = "30",
            ["IotStack:Alerts:Webhooks:0"] = new Uri(_webhook.BaseAddress, "/hook").ToString(),
        });
        await _gateway.WaitConnectedAsync();
        _http = ApiClient.Anonymous(_gateway.App);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_webhook is not null)
        {
            await _webhook.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Scrape_AfterKnownTraffic_EachCounterCountsItsEvents()
    {
        await using (TestPublisher publisher = await _gateway!.PublisherAsync())
        {
            var topics = new DeviceTopics("fleet1", "metrics-dev");
            long now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            for (uint i = 1; i <= 8; i++)
            {
                await publisher.PublishAsync(topics.Telemetry, Frames.Telemetry(i, now - 10_000 + (i * 1000), temperature: i == 8 ? 42f : 21f));
            }

            await publisher.PublishAsync(topics.Telemetry, Frames.Telemetry(3, now - 7_000));    // redelivered batch
            await publisher.PublishAsync(topics.Telemetry, [1, 2, 3]);                          // undecodable
        }

        await Eventually.TrueAsync(() => Task.FromResult(_gateway.Metrics.MessagesReceived == 10 && _gateway.Metrics.Quarantined == 1 && _gateway.Metrics.BatchesDuplicate == 1), "ingested");
        await Eventually.TrueAsync(() => Task.FromResult(_webhook!.CountAt("/hook") == 1 && _gateway.Metrics.NotificationsSent == 1), "webhook notified");

        PrometheusScrape scrape = await PrometheusScrape.ReadAsync(_http!);

        Assert.Equal(10, scrape["iotstack_messages_received_total"]);
        Assert.Equal(8, scrape["iotstack_batches_stored_total"]);
        Assert.Equal(1, scrape["iotstack_batches_duplicate_total"]);
        Assert.Equal(8 * Frames.SamplesPerBatch, scrape["iotstack_samples_stored_total"]);
        Assert.Equal(1, scrape["iotstack_quarantined_total"]);
        Assert.Equal(0, scrape["iotstack_queue_refused_total"]);
        Assert.Equal(0, scrape["iotstack_store_failures_total"]);
        Assert.Equal(_gateway.Metrics.Commits, scrape["iotstack_store_commits_total"]);
        Assert.Equal(_gateway.Metrics.Commits, scrape["iotstack_store_commit_duration_seconds_count"]);
        Assert.Equal(10, scrape["iotstack_store_commit_messages_sum"]);
        Assert.Equal(8 * Frames.SamplesPerBatch, scrape["iotstack_detector_samples_total"]);
        Assert.Equal(3, scrape["iotstack_series"]);
        Assert.Equal(0, scrape["iotstack_series_refused_total"]);
        Assert.Equal(0, scrape["iotstack_ingest_queue_depth"]);
        Assert.True(scrape["iotstack_ingest_store_seconds_total"] > 0);
        Assert.True(scrape["iotstack_detector_seconds_total"] > 0);
        // One alert (42 above the channel's max of 30): open, notified once to the log and once to the webhook.
        Assert.Equal(1, scrape["iotstack_alerts_open"]);
        Assert.Equal(1, Enum.GetValues<AlertSeverity>().Sum(s => scrape[$"iotstack_alerts_open_by_severity{{severity=\"{AlertSeverityText.Of(s)}\"}}"]));
        Assert.Equal(1, scrape["iotstack_notifications_sent_total{channel=\"log\"}"]);
        Assert.Equal(1, scrape["iotstack_notifications_sent_total{channel=\"webhook\"}"]);
        Assert.Equal(0, scrape["iotstack_notifications_failed_total"]);
    }

    [Fact]
    public async Task Scrape_PlatformMeters_AspNetCoreHttpClientAndRuntimeExported()
    {
        await using (TestPublisher publisher = await _gateway!.PublisherAsync())
        {
            await publisher.PublishAsync(new DeviceTopics("fleet1", "platform-dev").Telemetry, Frames.Telemetry(1, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), temperature: 50f));
        }

        await Eventually.TrueAsync(() => Task.FromResult(_webhook!.CountAt("/hook") == 1), "webhook notified");
        await _http!.GetAsync(new Uri("/health", UriKind.Relative));

        PrometheusScrape scrape = await PrometheusScrape.ReadAsync(_http);

        Assert.True(scrape.HasNameStartingWith("http_server_request_duration_seconds_count{"), "ASP.NET Core requests:\n" + scrape.Text);
        Assert.True(scrape.HasNameStartingWith("http_client_request_duration_seconds_count{"), "HttpClient (the webhook POST):\n" + scrape.Text);
        Assert.True(scrape.HasNameStartingWith("kestrel_"), "Kestrel connections:\n" + scrape.Text);
        Assert.True(scrape.HasNameStartingWith("dotnet_gc_"), "runtime:\n" + scrape.Text);
    }

    [Fact]
    public async Task Otlp_EndpointConfigured_MetricsAndTracesExported()
    {
        await using RecordingHttpServer collector = await RecordingHttpServer.StartAsync();
        await using TestGateway gateway = await TestGateway.StartAsync(new()
        {
            ["IotStack:Broker:Mode"] = "Embedded",
            ["IotStack:Storage:SqlitePath"] = _dir.File("otlp.db"),
            [GatewayTelemetry.OtlpEndpointKey] = collector.BaseAddress.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        using HttpClient http = ApiClient.For(gateway.App);

        await http.GetAsync(new Uri("/api/devices", UriKind.Relative));
        // Batches go out on the exporters' own schedule: wait for the ones that carry the gateway's meter and the request's span.
        await Eventually.TrueAsync(() => Task.FromResult(Received(collector, "/v1/metrics", "iotstack_messages_received") && Received(collector, "/v1/traces", "/api/devices")), "OTLP export");

        Assert.All(collector.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
    }

    private static bool Received(RecordingHttpServer collector, string path, string text) =>
        collector.Requests.Any(r => r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));
}
