using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>
/// New-extreme rule: a value beyond the range the series has shown, by at least <see cref="Tolerance"/> of that
/// range, scores 0.5 or more (see <see cref="Statistics.RangeMargin"/>). Scored on its own, not by rarity:
/// its margin already says how unusual the value is.
/// </summary>
internal sealed class RangeMarginOptions
{
    /// <summary>Margin beyond the seen range, as a fraction of the range, that maps to score 0.5.</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>
    /// Samples before the rule can score. Alone on NAB's 31-file subset 200–750 added false positives and 1,000
    /// none; with young-series rules and episode ends (docs/detection.md) 200 finds the early spikes of short series.
    /// </summary>
    public int MinSamples { get; init; } = 200;

    /// <summary>Samples after which the range's excess over the current value halves (0 = never forgets).</summary>
    public double HalfLifeSamples { get; init; }

    /// <summary>
    /// A value beyond everything seen alerts even inside the suppression span of an earlier alert: a new extreme
    /// is news whatever came before (a false alarm just before a real failure must not hide it).
    /// </summary>
    public bool BreaksSuppression { get; init; }

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(Tolerance);
        fingerprint.Add(MinSamples);
        fingerprint.Add(HalfLifeSamples);
        fingerprint.Add(BreaksSuppression);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.Positive(errors, "RangeMargin.Tolerance", Tolerance);
        OptionErrors.AtLeast(errors, "RangeMargin.MinSamples", MinSamples, 1);
        OptionErrors.NotNegative(errors, "RangeMargin.HalfLifeSamples", HalfLifeSamples);
    }
}
