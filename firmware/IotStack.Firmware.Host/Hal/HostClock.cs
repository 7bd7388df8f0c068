using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Host.Hal;

/// <summary>
/// The board clock over a <see cref="TimeProvider"/>: wall time for sample stamps, a monotonic uptime that starts
/// again at each (virtual) boot. Tests pass a fake provider and move time by hand.
/// </summary>
internal sealed class HostClock : IClock
{
    private readonly TimeProvider time;
    private long bootTimestamp;

    public HostClock(TimeProvider time)
    {
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        bootTimestamp = time.GetTimestamp();
    }

    public long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    public long UptimeMs => (long)time.GetElapsedTime(bootTimestamp).TotalMilliseconds;

    /// <summary>Uptime starts from zero again, as after a reset.</summary>
    public void Restart() => Volatile.Write(ref bootTimestamp, time.GetTimestamp());
}
