using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>Residual against the usual level at this phase of a period.</summary>
internal sealed class SeasonalOptions
{
    /// <summary>Length of one season (e.g. a day).</summary>
    public long PeriodMs { get; init; } = 86_400_000;

    /// <summary>Phase buckets per period (e.g. 288 five-minute buckets per day).</summary>
    public int Buckets { get; init; } = 288;

    /// <summary>Weight of the newest sample in its bucket level once the bucket has a few samples.</summary>
    public double Alpha { get; init; } = 0.2;

    /// <summary>Weight of the newest residual in the shared residual variance.</summary>
    public double SpreadAlpha { get; init; } = 0.002;

    /// <summary>Band half-width in residual σ.</summary>
    public double K { get; init; } = 4;

    /// <summary>
    /// Seasons a bucket needs before it can fire: it must hold this many samples, and the series must span
    /// MinSeasons − 1 whole periods, so a fast sensor's first minutes (hundreds of samples in one bucket) are not
    /// taken for a learnt day.
    /// </summary>
    public int MinSeasons { get; init; } = 2;

    /// <summary>Smallest residual σ (in the value's unit).</summary>
    public double MinSpread { get; init; }

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(PeriodMs);
        fingerprint.Add(Buckets);
        fingerprint.Add(Alpha);
        fingerprint.Add(SpreadAlpha);
        fingerprint.Add(K);
        fingerprint.Add(MinSeasons);
        fingerprint.Add(MinSpread);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.AtLeast(errors, "Seasonal.PeriodMs", PeriodMs, 1);
        OptionErrors.AtLeast(errors, "Seasonal.Buckets", Buckets, 2);
        OptionErrors.Fraction(errors, "Seasonal.Alpha", Alpha);
        OptionErrors.Fraction(errors, "Seasonal.SpreadAlpha", SpreadAlpha);
        OptionErrors.Positive(errors, "Seasonal.K", K);
        OptionErrors.AtLeast(errors, "Seasonal.MinSeasons", MinSeasons, 1);
        OptionErrors.NotNegative(errors, "Seasonal.MinSpread", MinSpread);
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "Seasonal");
    }
}
