using IotStack.Gateway.Alerts;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Commands;
using IotStack.Gateway.Detection;
using IotStack.Gateway.Devices;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Gateway.Timeline;
using IotStack.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Gateway.Tests.Devices;

public sealed class DeviceMonitorTests : IAsyncLifetime
{
    private static readonly TopicInfo Topic = new("iot/f/d1/status", TopicKind.Status, "f", "d1");

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
    private readonly SqliteGatewayStore _store;
    private readonly AlertEngine _alerts;
    private readonly DeviceMonitor _monitor;
    private readonly DetectionStage _detection;
    private readonly RecordingPublisher _mqtt = new();

    public DeviceMonitorTests()
    {
        _store = new SqliteGatewayStore(_dir.File("devices.db"));
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions
        {
            Alerts = new AlertOptions { Heartbeat = TimeSpan.FromSeconds(10), OfflineAfterHeartbeats = 3 },
            Channels = { ["1"] = new ChannelThresholdOptions { Min = 0, Max = 30 }, ["2"] = new ChannelThresholdOptions { Max = 90 } },
        });
        var timeline = new StoreTimeline(_store);
        _alerts = new AlertEngine(_store, timeline, new RecordingNotifier(), _time, options, NullLogger<AlertEngine>.Instance);
        var metrics = new GatewayMetrics();
        var series = new SeriesRegistry(options, metrics);
        _detection = new DetectionStage(series, _alerts, metrics, NullLogger<DetectionStage>.Instance);
        _monitor = new DeviceMonitor(_store, timeline, _alerts, series, new CommandSender(_mqtt, timeline, _time), _time, options, NullLogger<DeviceMonitor>.Instance);
    }

    public Task InitializeAsync() => _store.InitializeAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _detection.DisposeAsync();
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    private static StatusReport Status(DeviceState state, uint sensorErrors = 0) =>
        new() { State = state, FirmwareVersion = "1.2.0", Board = "esp32", SensorErrors = sensorErrors };

    private async Task<IReadOnlyList<AlertRecord>> OfflineAlertsAsync() =>
        (await _store.ReadAlertsAsync(new AlertQuery("d1"), CancellationToken.None)).Where(a => a.Rule == AlertRules.DeviceOffline).ToList();

    [Fact]
    public async Task OnStatusAsync_Online_PushesEachChannelThresholds()
    {
        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Online), CancellationToken.None);

        Assert.Equal(2, _mqtt.Published.Count);
        var command = new Command();
        Assert.Equal(DecodeStatus.Ok, command.ReadFrom(_mqtt.Published[0].Payload, 0, _mqtt.Published[0].Payload.Length));
        Assert.Equal((CommandKind.SetThresholds, (byte)1, 0f, 30f), (command.Kind, command.Channel, command.Min, command.Max));
        Assert.Equal("iot/f/d1/cmd", _mqtt.Published[0].Topic);
    }

    [Fact]
    public async Task TickAsync_SilentForKHeartbeats_OfflineThenClearedOnReturn()
    {
        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Online), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(25));
        await _monitor.TickAsync(CancellationToken.None);
        Assert.Empty(await OfflineAlertsAsync());

        _time.Advance(TimeSpan.FromSeconds(10));
        await _monitor.TickAsync(CancellationToken.None);
        AlertRecord offline = Assert.Single(await OfflineAlertsAsync());
        Assert.Equal(AlertStatus.Open, offline.Status);
        Assert.False(_monitor.Snapshot()["d1"].Online);

        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Online), CancellationToken.None);

        Assert.Equal(AlertStatus.Resolved, Assert.Single(await OfflineAlertsAsync()).Status);
        Assert.True(_monitor.Snapshot()["d1"].Online);
    }

    [Fact]
    public async Task OnStatusAsync_LastWillAndNotBackWithinGrace_RaisesOffline()
    {
        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Online), CancellationToken.None);
        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Offline), CancellationToken.None);
        Assert.False(_monitor.Snapshot()["d1"].Online);

        _time.Advance(TimeSpan.FromSeconds(19));
        await _monitor.TickAsync(CancellationToken.None);
        Assert.Empty(await OfflineAlertsAsync());

        _time.Advance(TimeSpan.FromSeconds(1));
        await _monitor.TickAsync(CancellationToken.None);
        AlertRecord alert = Assert.Single(await OfflineAlertsAsync());
        Assert.Equal(("board", AlertStatus.Open, 20.0), (alert.Source, alert.Status, alert.LastValue));

        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Online), CancellationToken.None);
        Assert.Equal(AlertStatus.Resolved, Assert.Single(await OfflineAlertsAsync()).Status);
    }

    [Fact]
    public async Task OnStatusAsync_LastWillThenBackWithinGrace_TimelineOnlyNoAlert()
    {
        // A reboot into an update: the connection drops and the board is back seconds later.
        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Online), CancellationToken.None);
        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Offline), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Online), CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(20));   // past the will's grace, not yet silent for k heartbeats
        await _monitor.TickAsync(CancellationToken.None);

        Assert.Empty(await OfflineAlertsAsync());
        IReadOnlyList<TimelineEvent> timeline = await _store.ReadTimelineAsync("d1", null, 100, CancellationToken.None);
        Assert.Contains(timeline, e => e.Summary == "offline (last will)");
        Assert.Contains(timeline, e => e.Summary == "back online (status)");
    }

    [Theory]
    [InlineData(FindingRule.SensorError, float.NaN, float.NaN, "board finding sensor.error on temperature: 3")]
    [InlineData(FindingRule.AboveMax, float.NaN, 30f, "board finding above-max on temperature: 3 (expected at most 30)")]
    [InlineData(FindingRule.AboveMax, 0f, 30f, "board finding above-max on temperature: 3 (expected 0..30)")]
    public async Task OnFindingAsync_BoardFinding_AlertSaysWhichBandOnlyWhenThereIsOne(FindingRule rule, float low, float high, string message)
    {
        var finding = new IotStack.Protocol.Finding { Channel = Channel.Temperature, Rule = rule, Value = 3, ExpectedLow = low, ExpectedHigh = high, TimeMs = _time.GetUtcNow().ToUnixTimeMilliseconds() };

        await _monitor.OnFindingAsync(Topic, finding, CancellationToken.None);

        Assert.Equal(message, Assert.Single(await _store.ReadAlertsAsync(new AlertQuery("d1"), CancellationToken.None)).Message);
    }

    [Fact]
    public async Task OnStatusAsync_SensorErrorsGrow_SensorHealthAlert()
    {
        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Online, sensorErrors: 2), CancellationToken.None);
        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Online, sensorErrors: 2), CancellationToken.None);
        Assert.Empty(await _store.ReadAlertsAsync(new AlertQuery("d1"), CancellationToken.None));

        await _monitor.OnStatusAsync(Topic, Status(DeviceState.Online, sensorErrors: 7), CancellationToken.None);

        AlertRecord alert = Assert.Single(await _store.ReadAlertsAsync(new AlertQuery("d1"), CancellationToken.None));
        Assert.Equal((AlertRules.SensorI2cErrors, 5.0), (alert.Rule, alert.LastValue));
    }

    [Fact]
    public async Task OnTelemetryCommittedAsync_AboveMaxThroughSiblingSinks_AlertFromGatewayDetector()
    {
        var set = new WriteSet();
        set.BeginBatch("d1", "f", 1, 0);
        set.AddSample(Channel.Temperature, _time.GetUtcNow().ToUnixTimeMilliseconds(), 45f);

        // Detection is the device state's sibling sink, as the gateway registers them.
        await new IngestFanOut([_detection, _monitor]).OnTelemetryCommittedAsync(set, CancellationToken.None);
        await _detection.DrainAsync();

        AlertRecord alert = Assert.Single(await _store.ReadAlertsAsync(new AlertQuery("d1"), CancellationToken.None));
        Assert.Equal((AlertRules.AboveMax, 1, 45.0), (alert.Rule, alert.Channel, alert.LastValue));
    }

    [Fact]
    public async Task LatestValues_AfterTwoBatches_LastValuePerChannelOnly()
    {
        long at = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var first = new WriteSet();
        first.BeginBatch("d1", "f", 1, 0);
        first.AddSample(Channel.Temperature, at, 21.5f);
        first.AddSample(Channel.Humidity, at, 40f);
        await _monitor.OnTelemetryCommittedAsync(first, CancellationToken.None);
        var second = new WriteSet();
        second.BeginBatch("d1", "f", 2, 0);
        second.AddSample(Channel.Temperature, at + 500, 22.25f);
        await _monitor.OnTelemetryCommittedAsync(second, CancellationToken.None);

        IReadOnlyDictionary<int, float> latest = _monitor.LatestValues("d1");

        Assert.Equal([(1, 22.25f), (2, 40f)], latest.Select(p => (p.Key, p.Value)));
        Assert.Empty(_monitor.LatestValues("never-heard"));
    }

    private sealed class RecordingPublisher : IMqttPublisher
    {
        public List<(string Topic, byte[] Payload)> Published { get; } = new();

        public Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
        {
            Published.Add((topic, payload.ToArray()));
            return Task.FromResult(true);
        }
    }
}
