using IotStack.Detection;
using IotStack.Detection.Checkpoints;
using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Detection;

/// <summary>
/// One series' detector state: its channel's limits and the statistical ensemble (either may be off), and the
/// stuck condition the limits reported last, which ends only when the series moves again. Checkpointed as one row
/// (<see cref="DetectorStateRow"/>): each set's own frame, the sample count and the stuck condition.
/// </summary>
internal sealed class SeriesDetectors(string fleet, string deviceId, byte channel, DetectorSet? limits, DetectorSet? statistical)
{
    public string Fleet { get; } = fleet;

    public string DeviceId { get; } = deviceId;

    public byte Channel { get; } = channel;

    public DetectorSet? Limits { get; } = limits;

    public DetectorSet? Statistical { get; } = statistical;

    /// <summary>A stuck alert was signalled and the series has not moved since.</summary>
    public bool Stuck { get; private set; }

    /// <summary>The value the series is stuck at.</summary>
    public double StuckValue { get; private set; }

    /// <summary>Timestamp of the newest stuck sample: a replayed older sample is no evidence of recovery.</summary>
    public long StuckAtMs { get; private set; }

    /// <summary>Samples scored over the series' life (continued from its checkpoint after a restart).</summary>
    public long Samples { get; private set; }

    /// <summary>True when samples were scored since the last checkpoint was stored (or restored).</summary>
    public bool HasUnsavedState => Samples != SavedSamples;

    private long SavedSamples { get; set; }

    public void Observed() => Samples++;

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

    /// <summary>The state as a row to store (one exact-size array per set).</summary>
    public DetectorStateRow Checkpoint(long nowMs) => new(Fleet, DeviceId, Channel)
    {
        SavedMs = nowMs,
        Samples = Samples,
        Limits = Frame(Limits),
        Statistical = Frame(Statistical),
        StuckAtMs = Stuck ? StuckAtMs : null,
        StuckValue = Stuck ? StuckValue : 0,
    };

    /// <summary>The row was stored: the state is saved up to <paramref name="samples"/>.</summary>
    public void Saved(long samples) => SavedSamples = samples;

    /// <summary>
    /// Takes a stored row at the series' first sample. Each set takes its own frame or refuses it (other settings,
    /// another format version, damage) and then warms up; returns the first refusal's reason, null when every set
    /// that is on was restored.
    /// </summary>
    public string? Restore(DetectorStateRow row)
    {
        Samples = row.Samples;
        SavedSamples = row.Samples;
        if (row.StuckAtMs is { } stuckAt)
        {
            Stuck = true;
            StuckAtMs = stuckAt;
            StuckValue = row.StuckValue;
        }

        string? limits = Load(Limits, row.Limits, "limits");
        string? statistical = Load(Statistical, row.Statistical, "ensemble");
        if (limits is not null || statistical is not null)
        {
            // Part of the state warms up: the next pass stores the new state.
            SavedSamples = -1;
        }

        return limits ?? statistical;
    }

    private static byte[]? Frame(DetectorSet? set)
    {
        if (set is null)
        {
            return null;
        }

        var bytes = new byte[set.CheckpointSize];
        set.Save(bytes);
        return bytes;
    }

    private static string? Load(DetectorSet? set, byte[]? frame, string name)
    {
        if (set is null)
        {
            return null;
        }

        if (frame is null)
        {
            return name + ": no stored state";
        }

        CheckpointLoad load = set.Load(frame);
        return load.IsRestored ? null : name + ": " + load.Reason;
    }
}
