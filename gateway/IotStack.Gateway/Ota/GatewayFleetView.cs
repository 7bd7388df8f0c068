using IotStack.Gateway.Alerts;
using IotStack.Gateway.Storage;
using IotStack.Maintenance.Logs;
using IotStack.Ota.Rollouts;
using IotStack.Protocol;

namespace IotStack.Gateway.Ota;

/// <summary>
/// Group membership and soak health for rollouts, from the gateway's device registry, alerts and board logs. The engine
/// asks synchronously on every tick, so the OTA host refreshes a snapshot before each tick instead of querying per call.
/// Groups: "all", a fleet name, "fleet:NAME" or "board:TYPE".
/// Health over a window (docs/ota.md, "Health signals"):
/// <list type="bullet">
/// <item>anomaly rate: alerts opened per device-hour, other than device-offline;</item>
/// <item>reboots: status reports (from the ingest writer's one status path, <see cref="FleetStatusSink"/>) of a new boot, i.e. whose boot
/// time (board time minus uptime) moved on, other than the update's own activation or rollback reboot (reset reason);</item>
/// <item>heartbeat loss: share of devices with a device-offline alert opened in the window that lasted at least
/// <see cref="OfflineGrace"/>, or offline that long now when the window reaches the present;</item>
/// <item>error-log rate: board log records of level Error or worse per device-hour, from the log store.</item>
/// </list>
/// Every boot publishes a status on connect, so even a fast reboot loop shows one report per boot. Reboots are known from
/// the gateway's start on; error logs and reboots older than <see cref="Lookback"/> are not counted.
/// </summary>
internal sealed class GatewayFleetView(IDeviceStore devices, IAlertStore alerts, ILogStore? errorLogs = null, TimeProvider? time = null)
    : IFleetDirectory, IFleetHealth
{
    /// <summary>Uptime is reported in whole seconds: boot time estimates of one boot differ by up to a second.</summary>
    private const long SameBootSlackMs = 1_500;

    /// <summary>Error logs fetched per refresh at most (the log store's own cap).</summary>
    private const int MaxErrorLogs = 10_000;

    private readonly Dictionary<string, long> _bootMs = new(StringComparer.Ordinal);
    private readonly List<DeviceEvent> _reboots = [];
    private readonly Lock _sync = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private volatile Snapshot _snapshot = new([], [], [], [], DateTimeOffset.MinValue);

    /// <summary>How far back reboots and error logs are kept: must cover a soak window and a pre-update window of the same length.</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a board must stay away before its absence counts as heartbeat loss.</summary>
    public TimeSpan OfflineGrace { get; set; } = TimeSpan.FromSeconds(30);


    /// <param name="measureHealth">
    /// False while no campaign runs: group membership is still read (a new campaign takes its first wave from it),
    /// but the alerts and error logs only a soak needs are not read every tick for nothing.
    /// </param>
    public async Task RefreshAsync(CancellationToken cancellationToken, bool measureHealth = true)
    {
        DateTimeOffset now = _time.GetUtcNow();
        IReadOnlyList<DeviceRecord> known = await devices.ReadDevicesAsync(cancellationToken).ConfigureAwait(false);
        if (!measureHealth)
        {
            _snapshot = _snapshot with { Devices = known, Taken = now };
            return;
        }

        IReadOnlyList<AlertRecord> recent = await alerts.ReadAlertsAsync(new AlertQuery(Limit: 5_000), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<DeviceEvent> errors = [];
        if (errorLogs is { } logs)
        {
            var found = await logs.SearchAsync(new LogQuery(MinLevel: LogSeverity.Error, From: now - Lookback, Limit: MaxErrorLogs), cancellationToken).ConfigureAwait(false);
            errors = found.Select(r => new DeviceEvent(r.Source, r.At)).ToList();
        }

        DeviceEvent[] reboots;
        lock (_sync)
        {
            _reboots.RemoveAll(r => r.At < now - Lookback);
            reboots = [.. _reboots];
        }

        _snapshot = new Snapshot(known, recent, reboots, errors, now);
    }

    public IReadOnlyList<DeviceRef> Members(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return _snapshot.Devices.Where(d => InGroup(d, group)).Select(d => new DeviceRef(d.Fleet, d.DeviceId, d.Firmware)).ToList();
    }

    public HealthSnapshot Measure(IReadOnlyCollection<DeviceRef> devices, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 0)
        {
            return new HealthSnapshot(0, 0, 0, 0, 0);
        }

        Snapshot snapshot = _snapshot;
        var ids = devices.Select(d => d.Device).ToHashSet(StringComparer.Ordinal);
        bool InWindow(DateTimeOffset at) => at >= from && at <= to;

        // Going offline is heartbeat loss, measured below; counting it as an anomaly too would fail every update's own reboot twice.
        int opened = snapshot.Alerts.Count(a => ids.Contains(a.DeviceId) && InWindow(a.OpenedAt) && a.Rule != AlertRules.DeviceOffline);
        // A reconnect within OfflineGrace (a reboot, the update's own activation, a last will processed late) missed no
        // heartbeat; reboots are their own signal. Only an absence that lasted is heartbeat loss.
        var lost = snapshot.Alerts
            .Where(a => ids.Contains(a.DeviceId) && InWindow(a.OpenedAt) && a.Rule == AlertRules.DeviceOffline && (a.ResolvedAt ?? snapshot.Taken) - a.OpenedAt >= OfflineGrace)
            .Select(a => a.DeviceId).ToHashSet(StringComparer.Ordinal);
        if (to >= snapshot.Taken - TimeSpan.FromMinutes(1))
        {
            lost.UnionWith(snapshot.Devices.Where(d => ids.Contains(d.DeviceId) && d.State == DeviceState.Offline && snapshot.Taken - d.LastSeen >= OfflineGrace).Select(d => d.DeviceId));
        }

        int reboots = snapshot.Reboots.Count(r => ids.Contains(r.DeviceId) && InWindow(r.At));
        int errors = snapshot.ErrorLogs.Count(e => ids.Contains(e.DeviceId) && InWindow(e.At));
        double hours = Math.Max((to - from).TotalHours, 1.0 / 60);
        double deviceHours = devices.Count * hours;
        return new HealthSnapshot(devices.Count, opened / deviceHours, (double)reboots / devices.Count, (double)lost.Count / devices.Count, errors / deviceHours);
    }

    /// <summary>
    /// A status report from a board: a boot time (board clock minus uptime, MQTT last-will Offline reports carry stale
    /// counters and are skipped) later than the last one seen is a new boot. The status report has no boot counter
    /// (docs/protocol.md, message 4; its counters are fixed and trailing bytes are refused, so one cannot be added without
    /// breaking deployed gateways); its reset reason tells the update's own reboots apart.
    /// </summary>
    public void OnStatus(string fleet, string device, StatusReport status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.State != DeviceState.Online)
        {
            return;
        }

        long boot = status.TimeMs - (status.UptimeSeconds * 1000L);
        lock (_sync)
        {
            bool known = _bootMs.TryGetValue(device, out long previous);
            if (known && boot <= previous + SameBootSlackMs)
            {
                return;
            }

            _bootMs[device] = boot;
            if (known && status.ResetReason is not (ResetReason.OtaActivation or ResetReason.OtaRollback))
            {
                _reboots.Add(new DeviceEvent(device, _time.GetUtcNow()));
            }
        }
    }

    private static bool InGroup(DeviceRecord device, string group) => group switch
    {
        "all" or "*" => true,
        _ when group.StartsWith("fleet:", StringComparison.Ordinal) => device.Fleet == group["fleet:".Length..],
        _ when group.StartsWith("board:", StringComparison.Ordinal) => device.Board == group["board:".Length..],
        _ => device.Fleet == group,
    };

    private readonly record struct DeviceEvent(string DeviceId, DateTimeOffset At);

    private sealed record Snapshot(
        IReadOnlyList<DeviceRecord> Devices, IReadOnlyList<AlertRecord> Alerts, IReadOnlyList<DeviceEvent> Reboots, IReadOnlyList<DeviceEvent> ErrorLogs, DateTimeOffset Taken);
}
