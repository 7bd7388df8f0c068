using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Hal;

/// <summary>
/// The board as the core sees it on the host. Free memory comes from the GC; a watchdog that the owner checks
/// after each tick; <see cref="Reboot"/> only records the request, and the owning virtual device restarts the
/// core on the same flash once the current tick has returned (on hardware the call never returns).
/// </summary>
internal sealed class VirtualBoard : IBoard
{
    public const string Type = "virtual";

    private readonly HostClock clock;
    private long lastFeedMs;
    private int pendingReboot = -1;

    public VirtualBoard(HostClock clock, TimeSpan watchdogTimeout)
    {
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
        WatchdogTimeout = watchdogTimeout;
        LastResetReason = ResetReason.PowerOn;
    }

    public string BoardType => Type;

    public ResetReason LastResetReason { get; private set; }

    public TimeSpan WatchdogTimeout { get; }

    public uint FreeMemory
    {
        get
        {
            GCMemoryInfo info = GC.GetGCMemoryInfo();
            long free = info.TotalAvailableMemoryBytes - GC.GetTotalMemory(forceFullCollection: false);
            return (uint)Math.Clamp(free, 0, uint.MaxValue);
        }
    }

    /// <summary>How many times the board was restarted since the fleet started.</summary>
    public int Boots { get; private set; } = 1;

    public void FeedWatchdog() => Volatile.Write(ref lastFeedMs, clock.UptimeMs);

    public void Reboot(ResetReason reason) => Interlocked.Exchange(ref pendingReboot, (int)reason);

    /// <summary>The reason of a reboot asked for since the last call, if any; a starved watchdog counts as one.</summary>
    public bool TakeReboot(out ResetReason reason)
    {
        int pending = Interlocked.Exchange(ref pendingReboot, -1);
        if (pending >= 0)
        {
            reason = (ResetReason)pending;
            return true;
        }

        if (WatchdogTimeout > TimeSpan.Zero && clock.UptimeMs - Volatile.Read(ref lastFeedMs) > WatchdogTimeout.TotalMilliseconds)
        {
            reason = ResetReason.Watchdog;
            return true;
        }

        reason = ResetReason.Unknown;
        return false;
    }

    /// <summary>Called by the owner as the board comes back up.</summary>
    public void Restarted(ResetReason reason)
    {
        LastResetReason = reason;
        Boots++;
        clock.Restart();
        Volatile.Write(ref lastFeedMs, 0);
    }
}
