using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Api;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;

namespace IotStack.Gateway.Tests.Api;

/// <summary>The HTTP API of a real gateway (embedded broker, SQLite) returns what was ingested and stored.</summary>
public sealed class GatewayApiTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TempDirectory _dir = new();
    private TestGateway? _gateway;
    private HttpClient? _http;

    private HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(new()
        {
            ["IotStack:Broker:Mode"] = "Embedded",
            ["IotStack:Storage:SqlitePath"] = _dir.File("api.db"),
            ["IotStack:Channels:1:Max"] = "30",
        });
        await _gateway.WaitConnectedAsync();
        _http = ApiClient.For(_gateway.App);
        await using TestPublisher publisher = await _gateway.PublisherAsync();
        var topics = new DeviceTopics("fleet1", "api-dev");
        await publisher.PublishAsync(topics.Status, Frames.Status(DeviceState.Online), retain: true);
        long now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        for (uint i = 1; i <= 10; i++)
        {
            await publisher.PublishAsync(topics.Telemetry, Frames.Telemetry(i, now - 10_000 + (i * 1000), temperature: i == 10 ? 42f : 21f));
        }

        await publisher.PublishAsync(topics.Telemetry, [1, 2, 3]);
        await Eventually.TrueAsync(async () => (await _gateway.Store.ReadSequencesAsync("api-dev", CancellationToken.None)).Count == 10 && _gateway.Metrics.Quarantined == 1, "ingested");
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Devices_AfterStatusAndTelemetry_ListedWithState()
    {
        var devices = await Http.GetFromJsonAsync<List<DeviceDto>>("/api/devices", Json);
        var one = await Http.GetFromJsonAsync<DeviceDto>("/api/devices/api-dev", Json);
        var missing = await Http.GetAsync(new Uri("/api/devices/nope", UriKind.Relative));

        DeviceDto device = Assert.Single(devices!);
        Assert.Equal(("api-dev", "fleet1", "1.0.0", true), (device.DeviceId, device.Fleet, device.Firmware, device.Online));
        Assert.Equal(device.DeviceId, one!.DeviceId);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Series_RawAndLongRange_ServedFromRollupsForLongRanges()
    {
        var raw = await Http.GetFromJsonAsync<SeriesDto>("/api/devices/api-dev/series?channel=1", Json);
        var week = await Http.GetFromJsonAsync<SeriesDto>(
            $"/api/devices/api-dev/series?channel=1&resolution=raw&from={Uri.EscapeDataString(TimeProvider.System.GetUtcNow().AddDays(-30).ToString("O"))}", Json);

        Assert.Equal("raw", raw!.Resolution);
        Assert.Equal(10, raw.Points.Count);
        Assert.Equal(42.0, raw.Points[^1].Max);
        Assert.Equal("1h", week!.Resolution);
        Assert.Equal(10, week.Points.Sum(p => p.Count));
    }

    [Fact]
    public async Task Alerts_SeverityFilter_HidesInfoAndRejectsAnUnknownSeverity()
    {
        var info = new AlertRecord { DeviceId = "info-dev", Channel = 2, Rule = "robustz", Status = AlertStatus.Open, Severity = AlertSeverity.Info, OpenedAt = TimeProvider.System.GetUtcNow(), LastSignalAt = TimeProvider.System.GetUtcNow(), Message = "weak", LastValue = 1 };
        info.Id = await _gateway!.Store.SaveAlertAsync(info, CancellationToken.None);

        var all = await Http.GetFromJsonAsync<List<AlertDto>>("/api/alerts?device=info-dev", Json);
        var warningUp = await Http.GetFromJsonAsync<List<AlertDto>>("/api/alerts?device=info-dev&severity=Warning", Json);
        HttpResponseMessage bad = await Http.GetAsync(new Uri("/api/alerts?severity=loud", UriKind.Relative));

        Assert.Equal(info.Id, Assert.Single(all!).Id);
        Assert.Empty(warningUp!);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'loud' is not a severity", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_AboveMax_ListedAcknowledgedAndResolved()
    {
        await Eventually.TrueAsync(async () => (await Http.GetFromJsonAsync<List<AlertDto>>("/api/alerts?active=true", Json))!.Count == 1, "alert raised");
        AlertDto alert = Assert.Single((await Http.GetFromJsonAsync<List<AlertDto>>("/api/alerts?active=true", Json))!);

        var acked = await (await Http.PostAsJsonAsync($"/api/alerts/{alert.Id}/ack", new OperatorRequest("tester"))).Content.ReadFromJsonAsync<AlertDto>(Json);
        var resolved = await (await Http.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new OperatorRequest("tester"))).Content.ReadFromJsonAsync<AlertDto>(Json);
        var timeline = await Http.GetFromJsonAsync<List<JsonElement>>("/api/devices/api-dev/timeline", Json);

        Assert.Equal(("above-max", 1, "api-dev"), (alert.Rule, alert.Channel, alert.DeviceId));
        Assert.Equal("Acknowledged", acked!.Status);
        // The token is who acted; the name the script passed is kept next to it, never instead of it.
        Assert.Equal(("Resolved", "tester via token:local-admin"), (resolved!.Status, resolved.ResolvedBy));
        Assert.Empty((await Http.GetFromJsonAsync<List<AlertDto>>("/api/alerts?active=true", Json))!);
        Assert.Contains(timeline!, e => e.GetProperty("summary").GetString()!.Contains("acknowledged by tester via token:local-admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Quarantine_BadPayload_ListedWithReason()
    {
        var entries = await Http.GetFromJsonAsync<List<QuarantineDto>>("/api/quarantine", Json);

        QuarantineDto entry = Assert.Single(entries!);
        Assert.Equal(("Truncated", "010203", "iot/fleet1/api-dev/telemetry"), (entry.Reason, entry.PayloadHex, entry.Topic));
    }

    [Fact]
    public async Task Commands_Ping_PublishedAndOnTimeline()
    {
        HttpResponseMessage response = await Http.PostAsJsonAsync("/api/devices/api-dev/commands", new CommandRequest("ping"));
        HttpResponseMessage bad = await Http.PostAsJsonAsync("/api/devices/api-dev/commands", new CommandRequest("explode"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task HealthMetricsOpenApi_Served()
    {
        PrometheusScrape metrics = await PrometheusScrape.ReadAsync(Http);
        string openApi = await Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        HttpResponseMessage health = await Http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(10, metrics["iotstack_batches_stored_total"]);
        Assert.Equal(1, metrics["iotstack_quarantined_total"]);
        Assert.Contains("\"/api/devices/{id}/series\"", openApi, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
