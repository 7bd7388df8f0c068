using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>
/// Scores statistical rules by how rare their score is in the series' own history (tail probability),
/// combined over rules with a Bonferroni factor. Hard rules (threshold, rate, stuck-at) are not affected.
/// </summary>
internal sealed class RarityOptions
{
    /// <summary>Histogram bins per rule.</summary>
    public int Bins { get; init; } = 64;

    /// <summary>Bins per unit of natural log-odds of the rule's score.</summary>
    public double BinsPerUnit { get; init; } = 4;

    /// <summary>Samples after which a past score counts half.</summary>
    public double HalfLifeSamples { get; init; } = 20_000;

    /// <summary>Samples before the rarity can fire.</summary>
    public int MinSamples { get; init; } = 200;

    /// <summary>Tail probability that maps to score 0.5 (an alert); its square maps to 1.</summary>
    public double AlertProbability { get; init; } = 1e-3;

    /// <summary>
    /// Multiplies the fitted decay rate of the tail beyond the top scores (1 = as fitted, larger = records count
    /// rarer); 0 = no extrapolation: a record counts as 1 in the history's length, whatever its margin.
    /// </summary>
    public double TailExponent { get; init; }

    /// <summary>How many of the highest past scores the tail beyond them is fitted to.</summary>
    public double TailSamples { get; init; } = 10;

    /// <summary>
    /// False: the rarest rule decides (Bonferroni: P·rules). True: evidence adds up over rules (Fisher's method
    /// without the χ² step: Σ −ln P), so agreement between rules counts more than one rule alone.
    /// </summary>
    public bool SumEvidence { get; init; }

    /// <summary>
    /// When the seasonal rule explains at least this share of the variance, only it speaks for the statistical
    /// rules: the others see the regular daily swings as outliers (1 = never).
    /// </summary>
    public double SeasonalDominance { get; init; } = 1;

    /// <summary>
    /// Sustained-surprise stage (after Ahmad et al. 2017, "Unsupervised real-time anomaly detection for streaming
    /// data", anomaly likelihood): a short EW mean of the rarity evidence (−ln P) compared with its long-run mean
    /// and σ; z = SustainedZ maps to 0.5. 0 = off.
    /// </summary>
    public double SustainedZ { get; init; }

    /// <summary>Weight of the newest evidence in the short mean of the sustained stage.</summary>
    public double SustainedShortAlpha { get; init; } = 0.2;

    /// <summary>Weight of the newest evidence in the long-run mean and σ of the sustained stage.</summary>
    public double SustainedLongAlpha { get; init; } = 0.002;

    /// <summary>
    /// A rule's evidence is the least rare of its last this-many samples (1 = each sample alone): one rule must
    /// find consecutive samples rare. Rarity is a rate (about AlertProbability of the samples are "rare" on any
    /// series), so single-sample noise records alerted about once per refractory span on noisy series; real
    /// episodes last. Cumulative rules (CUSUM) count too: their restart after an alarm keeps a lone step quiet.
    /// </summary>
    public int PersistSamples { get; init; } = 1;

    /// <summary>
    /// Young series: for their first this-many samples (0 = off), rules also speak by their own margin, since a
    /// record among n samples is only about 1/n rare and cannot reach AlertProbability until n ≈ rules /
    /// AlertProbability (about 830 samples for the default set of five rules). Without it a short series is blind for days.
    /// </summary>
    public int YoungSamples { get; init; }

    /// <summary>
    /// Young-series margins speak only from this sample on: the rules' first windows (a robust z of 48 samples)
    /// see a few nearly equal readings, and a tiny spread makes the first wiggle look huge.
    /// </summary>
    public int YoungFromSamples { get; init; }

    /// <summary>In a young series, a rule's margin of this many times its own limit maps to 0.5 (an alert).</summary>
    public double YoungRatio { get; init; } = 3;

    /// <summary>Rule scores below this are never rare (keeps noise on a perfectly clean signal quiet).</summary>
    public double MinRuleScore { get; init; } = 0.2;

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(Bins);
        fingerprint.Add(BinsPerUnit);
        fingerprint.Add(HalfLifeSamples);
        fingerprint.Add(MinSamples);
        fingerprint.Add(AlertProbability);
        fingerprint.Add(TailExponent);
        fingerprint.Add(TailSamples);
        fingerprint.Add(SumEvidence);
        fingerprint.Add(SeasonalDominance);
        fingerprint.Add(SustainedZ);
        fingerprint.Add(SustainedShortAlpha);
        fingerprint.Add(SustainedLongAlpha);
        fingerprint.Add(PersistSamples);
        fingerprint.Add(YoungSamples);
        fingerprint.Add(YoungFromSamples);
        fingerprint.Add(YoungRatio);
        fingerprint.Add(MinRuleScore);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.AtLeast(errors, "Rarity.Bins", Bins, 8);
        OptionErrors.Positive(errors, "Rarity.BinsPerUnit", BinsPerUnit);
        OptionErrors.Positive(errors, "Rarity.HalfLifeSamples", HalfLifeSamples);
        OptionErrors.AtLeast(errors, "Rarity.MinSamples", MinSamples, 1);
        OptionErrors.AtLeast(errors, "Rarity.PersistSamples", PersistSamples, 1);
        OptionErrors.NotNegative(errors, "Rarity.YoungSamples", YoungSamples);
        OptionErrors.NotNegative(errors, "Rarity.YoungFromSamples", YoungFromSamples);
        OptionErrors.Positive(errors, "Rarity.YoungRatio", YoungRatio);
        OptionErrors.NotNegative(errors, "Rarity.TailExponent", TailExponent);
        OptionErrors.Positive(errors, "Rarity.TailSamples", TailSamples);
        OptionErrors.Fraction(errors, "Rarity.SeasonalDominance", SeasonalDominance);
        OptionErrors.NotNegative(errors, "Rarity.SustainedZ", SustainedZ);
        OptionErrors.Fraction(errors, "Rarity.SustainedShortAlpha", SustainedShortAlpha);
        OptionErrors.Fraction(errors, "Rarity.SustainedLongAlpha", SustainedLongAlpha);
        if (!(AlertProbability > 0 && AlertProbability < 1))
        {
            errors.Add($"Rarity.AlertProbability must be in (0, 1) (was {AlertProbability})");
        }

        if (!(MinRuleScore >= 0 && MinRuleScore < 1))
        {
            errors.Add($"Rarity.MinRuleScore must be in [0, 1) (was {MinRuleScore})");
        }
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "Rarity");
    }
}
