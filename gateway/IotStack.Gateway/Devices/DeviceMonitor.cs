using IotStack.Gateway.Alerts;
using IotStack.Gateway.Commands;
using IotStack.Gateway.Detection;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Timeline;
using IotStack.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace IotStack.Gateway.Devices;

/// <summary>
/// Turns decoded traffic into device state and alert signals: telemetry updates the devices and runs the combined
/// rules (the detectors are a sibling sink, Detection/DetectionStage), status reports update the device (LWT Offline raises device-offline; coming online clears it and
/// pushes the channel limits), board findings join the same alert lifecycle, logs and replies go to the
/// timeline. <see cref="TickAsync"/> raises device-offline after k heartbeats of silence.
/// </summary>
internal sealed partial class DeviceMonitor : IIngestSink
{
    private static readonly TimeSpan PersistEvery = TimeSpan.FromSeconds(5);

    private readonly IDeviceStore _store;
    private readonly ITimeline _timeline;
    private readonly AlertEngine _alerts;
    private readonly SeriesRegistry _series;
    private readonly CommandSender _commands;
    private readonly TimeProvider _time;
    private readonly ILogger<DeviceMonitor> _logger;
    private readonly GatewayOptions _options;
    private readonly Dictionary<string, DeviceLive> _devices = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();
    private readonly List<AlertSignal> _signals = new();
    private DateTimeOffset _lastPersist;

    public DeviceMonitor(IDeviceStore store, ITimeline timeline, AlertEngine alerts, SeriesRegistry series, CommandSender commands, TimeProvider time, IOptions<GatewayOptions> options, ILogger<DeviceMonitor> logger)
    {
        _store = store;
        _timeline = timeline;
        _alerts = alerts;
        _series = series;
        _commands = commands;
        _time = time;
        _logger = logger;
        _options = options.Value;
    }

    public TimeSpan OfflineAfter => _options.Alerts.Heartbeat * _options.Alerts.OfflineAfterHeartbeats;

    public async ValueTask OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken)
    {
        _signals.Clear();
        var back = new List<DeviceLive>();
        DateTimeOffset now = _time.GetUtcNow();
        lock (_sync)
        {
            for (int b = 0; b < committed.BatchCount; b++)
            {
                if (!committed.IsNew(b))
                {
                    continue;
                }

                BatchRow batch = committed.BatchAt(b);
                DeviceLive device = Heard(batch.DeviceId, batch.Fleet, now, back);
                device.Record = device.Record with { LastSequence = batch.Sequence };
                for (int i = batch.SampleStart; i < batch.SampleStart + batch.SampleCount; i++)
                {
                    SampleRow sample = committed.SampleAt(i);
                    device.Latest[sample.Channel] = sample.Value;
                }

                if (_options.Rules.Count > 0 && (b + 1 == committed.BatchCount || committed.BatchAt(b + 1).DeviceId != batch.DeviceId))
                {
                    CombinedRules.Evaluate(batch.DeviceId, device.Latest, _options.Rules, _signals);
                }
            }
        }

        await BackOnlineAsync(back, "telemetry", cancellationToken).ConfigureAwait(false);
        foreach (AlertSignal signal in _signals)
        {
            await _alerts.RaiseAsync(signal, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OnStatusAsync(TopicInfo topic, StatusReport status, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        string id = topic.DeviceId!;
        var back = new List<DeviceLive>();
        bool firstStatus;
        bool wentOffline;
        long newSensorErrors;
        DeviceRecord record;
        lock (_sync)
        {
            DeviceLive device = status.State == DeviceState.Offline ? Known(id, topic.Fleet!, now) : Heard(id, topic.Fleet!, now, back);
            firstStatus = !device.HasStatus;
            device.HasStatus = true;
            newSensorErrors = firstStatus ? 0 : status.SensorErrors - device.Record.SensorErrors;
            wentOffline = status.State == DeviceState.Offline && !device.Offline;
            if (status.State == DeviceState.Offline)
            {
                // The last will was composed at connect time: its counters are stale, only the state is news.
                if (wentOffline && _options.Alerts.OfflineGrace > TimeSpan.Zero)
                {
                    device.WillAt = now;   // alerted by TickAsync unless the board is back within the grace
                }

                device.Offline = true;
                device.Record = device.Record with { State = DeviceState.Offline };
                newSensorErrors = 0;
            }
            else
            {
                device.Record = device.Record with
                {
                    State = status.State,
                    Firmware = status.FirmwareVersion,
                    Board = status.Board,
                    UptimeSeconds = status.UptimeSeconds,
                    SensorErrors = status.SensorErrors,
                    QueueDropped = status.QueueDropped,
                    SendFailures = status.SendFailures,
                };
            }

            device.Dirty = false;
            record = device.Record;
        }

        await _store.UpsertDeviceAsync(record, cancellationToken).ConfigureAwait(false);
        if (wentOffline)
        {
            // The board's last will (MQTT 5 §3.1.2.5): the broker saw the connection drop.
            await _timeline.AppendAsync(new TimelineEvent(id, now, TimelineKinds.Status, "board", "offline (last will)"), cancellationToken).ConfigureAwait(false);
            if (_options.Alerts.OfflineGrace <= TimeSpan.Zero)
            {
                await RaiseLastWillAsync(id, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
        }

        await BackOnlineAsync(back, "status", cancellationToken).ConfigureAwait(false);
        if (status.State == DeviceState.Online && (firstStatus || back.Count > 0))
        {
            await _timeline.AppendAsync(new TimelineEvent(id, now, TimelineKinds.Status, "board", $"online, firmware {status.FirmwareVersion}, reset {status.ResetReason}"), cancellationToken).ConfigureAwait(false);
            await _commands.PushThresholdsAsync(topic.Fleet!, id, _series.Specs, cancellationToken).ConfigureAwait(false);
        }

        if (newSensorErrors > 0)
        {
            await _alerts.RaiseAsync(new AlertSignal(id, 0, AlertRules.SensorI2cErrors, AlertSeverity.Warning, newSensorErrors,
                $"{newSensorErrors} new sensor (I2C) errors since the last status, {status.SensorErrors} in total", "board"), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OnFindingAsync(TopicInfo topic, Protocol.Finding finding, CancellationToken cancellationToken)
    {
        string rule = finding.Rule switch
        {
            FindingRule.AboveMax => AlertRules.AboveMax,
            FindingRule.BelowMin => AlertRules.BelowMin,
            FindingRule.RateOfChange => AlertRules.RateOfChange,
            FindingRule.SensorError => AlertRules.SensorError,
            _ => "sigmaband",
        };
        AlertSeverity severity = _series.Specs.ThresholdsFor(finding.Channel)?.Severity ?? AlertSeverity.Warning;
        string summary = $"board finding {rule} on {Channel.NameOf(finding.Channel)}: {finding.Value}{ExpectedBand(finding)}";
        await _timeline.AppendAsync(new TimelineEvent(topic.DeviceId!, DateTimeOffset.FromUnixTimeMilliseconds(finding.TimeMs), TimelineKinds.Finding, "board", summary), cancellationToken).ConfigureAwait(false);
        await _alerts.RaiseAsync(new AlertSignal(topic.DeviceId!, finding.Channel, rule, severity, finding.Value, summary, "board"), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask OnLogAsync(TopicInfo topic, LogRecord log, CancellationToken cancellationToken)
    {
        if (log.Level < Protocol.LogLevel.Warning)
        {
            return;
        }

        await _timeline.AppendAsync(new TimelineEvent(topic.DeviceId!, DateTimeOffset.FromUnixTimeMilliseconds(log.TimeMs), TimelineKinds.Log, log.Source ?? "board",
            $"{log.Level}: {log.Message}"), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask OnCommandReplyAsync(TopicInfo topic, CommandReply reply, CancellationToken cancellationToken) =>
        await _timeline.AppendAsync(new TimelineEvent(topic.DeviceId!, _time.GetUtcNow(), TimelineKinds.CommandReply, "board",
            $"reply to command #{reply.CommandId}: {reply.Status}", reply.Text), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Raises device-offline for devices silent longer than k heartbeats or gone (last will) longer than the offline
    /// grace; persists last-seen times now and then.
    /// </summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var silent = new List<(string Id, TimeSpan For)>();
        var gone = new List<(string Id, TimeSpan For)>();
        var dirty = new List<DeviceRecord>();
        bool persist = now - _lastPersist >= PersistEvery;
        lock (_sync)
        {
            foreach (DeviceLive device in _devices.Values)
            {
                if (device.WillAt is { } will && now - will >= _options.Alerts.OfflineGrace)
                {
                    device.WillAt = null;
                    gone.Add((device.Record.DeviceId, now - will));
                }

                TimeSpan quiet = now - device.LastHeard;
                if (!device.Offline && quiet > OfflineAfter)
                {
                    device.Offline = true;
                    device.Record = device.Record with { State = DeviceState.Offline };
                    device.Dirty = true;
                    silent.Add((device.Record.DeviceId, quiet));
                }

                if ((persist || silent.Count > 0) && device.Dirty)
                {
                    device.Dirty = false;
                    dirty.Add(device.Record);
                }
            }
        }

        if (persist)
        {
            _lastPersist = now;
        }

        foreach (DeviceRecord record in dirty)
        {
            await _store.UpsertDeviceAsync(record, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (id, quiet) in silent)
        {
            LogSilent(id, quiet);
            await _timeline.AppendAsync(new TimelineEvent(id, now, TimelineKinds.Status, "gateway", $"offline: silent for {quiet.TotalSeconds:F0} s"), cancellationToken).ConfigureAwait(false);
            await _alerts.RaiseAsync(new AlertSignal(id, 0, AlertRules.DeviceOffline, AlertSeverity.Warning, quiet.TotalSeconds,
                $"no status or telemetry for {quiet.TotalSeconds:F0} s (allowed {OfflineAfter.TotalSeconds:F0} s)"), cancellationToken).ConfigureAwait(false);
        }

        foreach (var (id, away) in gone)
        {
            await RaiseLastWillAsync(id, away, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A finding without a band (a read error counts errors) says nothing about one rather than "NaN..NaN".</summary>
    private static string ExpectedBand(Protocol.Finding finding) =>
        (float.IsFinite(finding.ExpectedLow), float.IsFinite(finding.ExpectedHigh)) switch
        {
            (true, true) => $" (expected {finding.ExpectedLow}..{finding.ExpectedHigh})",
            (true, false) => $" (expected at least {finding.ExpectedLow})",
            (false, true) => $" (expected at most {finding.ExpectedHigh})",
            _ => "",
        };

    private Task RaiseLastWillAsync(string id, TimeSpan away, CancellationToken cancellationToken) =>
        _alerts.RaiseAsync(new AlertSignal(id, 0, AlertRules.DeviceOffline, AlertSeverity.Warning, away.TotalSeconds,
            away > TimeSpan.Zero ? $"connection lost (last will), not back after {away.TotalSeconds:F0} s" : "connection lost (last will)", "board"), cancellationToken);

    /// <summary>Live view for the API and the demo: device id → (online, last heard).</summary>
    public IReadOnlyDictionary<string, (bool Online, DateTimeOffset LastHeard)> Snapshot()
    {
        lock (_sync)
        {
            return _devices.ToDictionary(p => p.Key, p => (!p.Value.Offline, p.Value.LastHeard), StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The latest value the gateway committed per channel of one device (channel → value, channels never seen left out),
    /// for live views (the console's fleet table, the demo); empty for a device not heard since start.
    /// </summary>
    public IReadOnlyDictionary<int, float> LatestValues(string deviceId)
    {
        var values = new SortedDictionary<int, float>();
        lock (_sync)
        {
            if (_devices.TryGetValue(deviceId, out DeviceLive? device))
            {
                for (int channel = 0; channel < device.Latest.Length; channel++)
                {
                    if (!float.IsNaN(device.Latest[channel]))
                    {
                        values[channel] = device.Latest[channel];
                    }
                }
            }
        }

        return values;
    }

    private DeviceLive Known(string id, string fleet, DateTimeOffset now)
    {
        if (!_devices.TryGetValue(id, out DeviceLive? device))
        {
            device = new DeviceLive(new DeviceRecord(id, fleet) { FirstSeen = now, LastSeen = now }) { LastHeard = now };
            _devices[id] = device;
        }

        return device;
    }

    private DeviceLive Heard(string id, string fleet, DateTimeOffset now, List<DeviceLive> back)
    {
        DeviceLive device = Known(id, fleet, now);
        device.LastHeard = now;
        device.Dirty = true;
        device.Record = device.Record with { LastSeen = now, Fleet = fleet };
        device.WillAt = null;
        if (device.Offline)
        {
            device.Offline = false;
            device.Record = device.Record with { State = DeviceState.Online };
            back.Add(device);
        }

        return device;
    }

    private async Task BackOnlineAsync(List<DeviceLive> back, string how, CancellationToken cancellationToken)
    {
        foreach (DeviceLive device in back)
        {
            string id = device.Record.DeviceId;
            await _store.UpsertDeviceAsync(device.Record, cancellationToken).ConfigureAwait(false);
            await _timeline.AppendAsync(new TimelineEvent(id, _time.GetUtcNow(), TimelineKinds.Status, "gateway", $"back online ({how})"), cancellationToken).ConfigureAwait(false);
            await _alerts.ClearAsync(id, 0, AlertRules.DeviceOffline, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} silent for {Quiet}: offline")]
    private partial void LogSilent(string deviceId, TimeSpan quiet);
}
