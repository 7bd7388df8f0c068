using IotStack.Gateway.Alerts;
using IotStack.Gateway.Storage;
using IotStack.Ota.Rollouts;
using IotStack.Protocol;

namespace IotStack.Gateway.Integration;

/// <summary>
/// Group membership and soak health for rollouts, from the gateway's device registry and alerts. The engine asks
/// synchronously on every tick, so the OTA host refreshes a snapshot before each tick instead of querying per call.
/// Groups: "all", a fleet name, "fleet:NAME" or "board:TYPE".
/// Health: anomaly rate = alerts opened per device-hour in the window (other than device-offline); heartbeat loss = share of devices offline now.
/// Reboots and error logs are not measured yet (reported as 0 for both sides, so they never decide the gate).
/// </summary>
internal sealed class GatewayFleetView(IDeviceStore devices, IAlertStore alerts) : IFleetDirectory, IFleetHealth
{
    private volatile Snapshot _snapshot = new([], []);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<DeviceRecord> known = await devices.ReadDevicesAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<AlertRecord> recent = await alerts.ReadAlertsAsync(new AlertQuery(Limit: 5_000), cancellationToken).ConfigureAwait(false);
        _snapshot = new Snapshot(known, recent);
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
        // Going offline is heartbeat loss, measured below; counting it as an anomaly too would fail every update's own reboot twice.
        int opened = snapshot.Alerts.Count(a => ids.Contains(a.DeviceId) && a.OpenedAt >= from && a.OpenedAt <= to && a.Rule != AlertRules.DeviceOffline);
        int offline = snapshot.Devices.Count(d => ids.Contains(d.DeviceId) && d.State == DeviceState.Offline);
        double hours = Math.Max((to - from).TotalHours, 1.0 / 60);
        return new HealthSnapshot(devices.Count, opened / (devices.Count * hours), 0, (double)offline / devices.Count, 0);
    }

    private static bool InGroup(DeviceRecord device, string group) => group switch
    {
        "all" or "*" => true,
        _ when group.StartsWith("fleet:", StringComparison.Ordinal) => device.Fleet == group["fleet:".Length..],
        _ when group.StartsWith("board:", StringComparison.Ordinal) => device.Board == group["board:".Length..],
        _ => device.Fleet == group,
    };

    private sealed record Snapshot(IReadOnlyList<DeviceRecord> Devices, IReadOnlyList<AlertRecord> Alerts);
}
