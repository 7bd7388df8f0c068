using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>Flatline / stuck sensor.</summary>
internal sealed class StuckAtOptions
{
    /// <summary>Samples within ±Tolerance of each other before the value counts as stuck.</summary>
    public int MinRunSamples { get; init; } = 30;

    /// <summary>Also require the run to last this long (0 = samples only).</summary>
    public long MinRunMs { get; init; }

    /// <summary>Largest change still counted as "the same value".</summary>
    public double Tolerance { get; init; }

    /// <summary>A run is also only stuck when longer than this many times the longest run seen before.</summary>
    public double RunGrowth { get; init; } = 1.5;

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(MinRunSamples);
        fingerprint.Add(MinRunMs);
        fingerprint.Add(Tolerance);
        fingerprint.Add(RunGrowth);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.AtLeast(errors, "StuckAt.MinRunSamples", MinRunSamples, 2);
        OptionErrors.AtLeast(errors, "StuckAt.MinRunMs", MinRunMs, 0);
        OptionErrors.NotNegative(errors, "StuckAt.Tolerance", Tolerance);
        OptionErrors.NotNegative(errors, "StuckAt.RunGrowth", RunGrowth);
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "StuckAt");
    }
}
