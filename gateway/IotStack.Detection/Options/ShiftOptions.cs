using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>
/// A shift of the level (and optionally of the spread) between a short recent horizon and a long reference
/// horizon, judged against the series' own noise: the level shift detector (short horizons) and the slow-drift
/// detector (long horizons) are the same test at two scales.
/// </summary>
internal sealed class ShiftOptions
{
    /// <summary>Effective length of the recent mean (EW, α = 1/ShortSamples).</summary>
    public int ShortSamples { get; init; } = 16;

    /// <summary>Effective length of the reference level, spread and autocorrelation (EW, α = 1/LongSamples).</summary>
    public int LongSamples { get; init; } = 512;

    /// <summary>z of the recent mean against the reference (standard errors, autocorrelation included) that maps to 0.5.</summary>
    public double K { get; init; } = 4;

    /// <summary>
    /// z of the spread's log ratio that maps to 0.5. Lower than <see cref="K"/>: the ratio is clipped (Huber) and
    /// judged with the series' own tail weight, so its null spread is narrower than a z of the level.
    /// </summary>
    public double VarianceK { get; init; } = 6;

    /// <summary>Also test the spread: log ratio of recent to reference mean absolute deviation, in its standard errors.</summary>
    public bool Variance { get; init; } = true;

    /// <summary>
    /// Once the set's seasonal rule has learnt its daily profile, test the value less its phase's deviation from
    /// the day's mean (restarting once on that input): a daily swing is not a shift. Needs a seasonal rule in the set.
    /// </summary>
    public bool SeasonalResidual { get; init; } = true;

    /// <summary>
    /// Samples per block: the test runs on block means, once per block (1 = every sample). A slow drift shows as
    /// well in means of a few samples, at a fraction of the cost; horizons stay in samples.
    /// </summary>
    public int BlockSamples { get; init; } = 1;

    /// <summary>Samples learnt before the test speaks (at least LongSamples / 2 is sensible).</summary>
    public int WarmupSamples { get; init; } = 300;

    /// <summary>Smallest σ (in the value's unit): below it a constant series does not alert on rounding.</summary>
    public double MinSpread { get; init; }

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(ShortSamples);
        fingerprint.Add(LongSamples);
        fingerprint.Add(K);
        fingerprint.Add(VarianceK);
        fingerprint.Add(Variance);
        fingerprint.Add(SeasonalResidual);
        fingerprint.Add(BlockSamples);
        fingerprint.Add(WarmupSamples);
        fingerprint.Add(MinSpread);
    }

    public void Validate(List<string> errors, string name)
    {
        OptionErrors.AtLeast(errors, name + ".BlockSamples", BlockSamples, 1);
        OptionErrors.AtLeast(errors, name + ".ShortSamples", ShortSamples, 2 * Math.Max(1, BlockSamples));
        OptionErrors.AtLeast(errors, name + ".LongSamples", LongSamples, ShortSamples * 4);
        OptionErrors.Positive(errors, name + ".K", K);
        OptionErrors.Positive(errors, name + ".VarianceK", VarianceK);
        OptionErrors.AtLeast(errors, name + ".WarmupSamples", WarmupSamples, ShortSamples);
        OptionErrors.NotNegative(errors, name + ".MinSpread", MinSpread);
    }

    public void ThrowIfInvalid(string name)
    {
        var errors = new List<string>();
        Validate(errors, name);
        OptionErrors.ThrowIfAny(errors, name);
    }
}
