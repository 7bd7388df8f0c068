using System.Collections.Concurrent;

namespace IotStack.Ota.Rollouts;

/// <summary>A directory and health source held in memory: for tests, benches and the standalone CLI.</summary>
internal sealed class InMemoryFleet : IFleetDirectory, IFleetHealth
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DeviceRef>> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HealthSnapshot> _health = new(StringComparer.Ordinal);

    public void Join(string group, DeviceRef device) => _groups.GetOrAdd(group, _ => new(StringComparer.Ordinal))[device.Key] = device;

    /// <summary>Sets one board's rates (Devices is ignored); boards never set are perfectly healthy.</summary>
    public void SetHealth(DeviceRef device, HealthSnapshot health) => _health[device.Key] = health;

    /// <summary>Optional rule evaluated per board and window (from, to), e.g. "boards on 2.0.0 log errors".</summary>
    public Func<DeviceRef, DateTimeOffset, DateTimeOffset, HealthSnapshot?>? HealthRule { get; set; }

    public IReadOnlyList<DeviceRef> Members(string group) =>
        _groups.TryGetValue(group, out var members) ? members.Values.OrderBy(d => d.Key, StringComparer.Ordinal).ToList() : [];

    public HealthSnapshot Measure(IReadOnlyCollection<DeviceRef> devices, DateTimeOffset from, DateTimeOffset to)
    {
        if (devices.Count == 0)
        {
            return new HealthSnapshot(0, 0, 0, 0, 0);
        }

        double anomaly = 0, reboots = 0, loss = 0, errors = 0;
        foreach (var d in devices)
        {
            var h = HealthRule?.Invoke(d, from, to) ?? _health.GetValueOrDefault(d.Key);
            anomaly += h.AnomalyRate;
            reboots += h.RebootsPerDevice;
            loss += h.HeartbeatLoss;
            errors += h.ErrorLogRate;
        }

        int n = devices.Count;
        return new HealthSnapshot(n, anomaly / n, reboots / n, loss / n, errors / n);
    }
}
