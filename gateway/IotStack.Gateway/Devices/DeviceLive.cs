using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Devices;

/// <summary>What <see cref="DeviceMonitor"/> tracks per device in memory (guarded by its lock).</summary>
internal sealed class DeviceLive(DeviceRecord record)
{
    public DeviceRecord Record { get; set; } = record;

    /// <summary>Gateway clock at the last status or telemetry.</summary>
    public DateTimeOffset LastHeard { get; set; }

    public bool Offline { get; set; }

    /// <summary>Gateway clock at a last will not yet alerted (within the offline grace); null otherwise.</summary>
    public DateTimeOffset? WillAt { get; set; }

    public bool HasStatus { get; set; }

    public bool Dirty { get; set; }

    /// <summary>Latest value per channel for combined rules; NaN = not seen.</summary>
    public float[] Latest { get; } = CreateLatest();

    private static float[] CreateLatest()
    {
        var latest = new float[256];
        Array.Fill(latest, float.NaN);
        return latest;
    }
}
