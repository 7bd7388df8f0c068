using IotStack.Detection;

namespace IotStack.Gateway.Detection;

/// <summary>
/// One series' detector state: its channel's limits and the statistical ensemble (either may be off), and the
/// stuck condition the limits reported last, which ends only when the series moves again.
/// </summary>
internal sealed class SeriesDetectors(DetectorSet? limits, DetectorSet? statistical)
{
    public DetectorSet? Limits { get; } = limits;

    public DetectorSet? Statistical { get; } = statistical;

    /// <summary>A stuck alert was signalled and the series has not moved since.</summary>
    public bool Stuck { get; private set; }

    /// <summary>The value the series is stuck at.</summary>
    public double StuckValue { get; private set; }

    /// <summary>Timestamp of the newest stuck sample: a replayed older sample is no evidence of recovery.</summary>
    public long StuckAtMs { get; private set; }

    public void MarkStuck(long timeMs, double value)
    {
        Stuck = true;
        StuckValue = value;
        StuckAtMs = Math.Max(StuckAtMs, timeMs);
    }

    /// <summary>True once, for a sample newer than the stuck run that has left it by more than the tolerance.</summary>
    public bool Recovered(long timeMs, double value, double tolerance)
    {
        if (!Stuck || timeMs <= StuckAtMs || !(Math.Abs(value - StuckValue) > tolerance))
        {
            return false;
        }

        Stuck = false;
        return true;
    }
}
