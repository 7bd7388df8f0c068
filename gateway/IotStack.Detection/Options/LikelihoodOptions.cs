using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>
/// Anomaly likelihood stage (after Ahmad et al. 2017, "Unsupervised real-time anomaly detection for streaming
/// data", §3.3): the mean of the last few raw scores against a Gaussian fitted to the long run of such means.
/// Turns "this series' detectors are surprised more than they usually are" into a tail probability, so one
/// threshold fits a quiet series and a noisy one.
/// </summary>
internal sealed class LikelihoodOptions
{
    /// <summary>Raw scores in the short moving average (Numenta uses 10).</summary>
    public int ShortWindow { get; init; } = 10;

    /// <summary>Samples after which a past average counts half in the long-run mean and σ.</summary>
    public double HalfLifeSamples { get; init; } = 3000;

    /// <summary>Samples before the stage can fire (the long-run fit needs some history).</summary>
    public int MinSamples { get; init; } = 300;

    /// <summary>Smallest σ of the long run (raw scores lie in [0, 1]); keeps a silent series from alerting on a whisper.</summary>
    public double MinSigma { get; init; } = 0.01;

    /// <summary>Decades of tail probability that map to score 1 (half of them to 0.5, the alert level).</summary>
    public double Decades { get; init; } = 10;

    /// <summary>
    /// Keep the per-sample score of the statistical rules (their rarity, or their own score without
    /// <see cref="ChannelDetectionSpec.Rarity"/>) as well: max of both. False = the likelihood alone speaks.
    /// The stage's raw input is set by <see cref="SecondStrongest"/> (only the seasonal rule speaks when it
    /// dominates, see <see cref="RarityOptions.SeasonalDominance"/>).
    /// </summary>
    public bool KeepRarity { get; init; } = true;

    /// <summary>
    /// Raw input: false = the strongest statistical rule's own score (Numenta feeds one detector's error here);
    /// true = the second strongest, so a run of samples must surprise two rules at once. On bursty series one
    /// sensitive rule (robust z) is near its limit for most of every burst, and the strongest score alone made
    /// ordinary bursts look like episodes.
    /// </summary>
    public bool SecondStrongest { get; init; }

    /// <summary>
    /// Rate gate (0 = off): the stage's score is capped by how rare that score is in this series' own history
    /// (a <see cref="Statistics.RarityTracker"/> of its past scores, half-life <see cref="HalfLifeSamples"/>):
    /// tail probability P = this value maps to 0.5, its square to 1, as for the rules' rarity. The Gaussian fit
    /// promises about 1e-4 of the samples above 0.5 at <see cref="Decades"/> 8; on bursty series (tweet counts) the
    /// short means' tail is far heavier and 0.3–1 % of the samples got there. Scores below 0.3 are learnt only.
    /// </summary>
    public double RarityAlertProbability { get; init; }

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(ShortWindow);
        fingerprint.Add(HalfLifeSamples);
        fingerprint.Add(MinSamples);
        fingerprint.Add(MinSigma);
        fingerprint.Add(Decades);
        fingerprint.Add(KeepRarity);
        fingerprint.Add(SecondStrongest);
        fingerprint.Add(RarityAlertProbability);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.AtLeast(errors, "Likelihood.ShortWindow", ShortWindow, 1);
        OptionErrors.Positive(errors, "Likelihood.HalfLifeSamples", HalfLifeSamples);
        OptionErrors.AtLeast(errors, "Likelihood.MinSamples", MinSamples, 2);
        OptionErrors.Positive(errors, "Likelihood.MinSigma", MinSigma);
        OptionErrors.Positive(errors, "Likelihood.Decades", Decades);
        if (RarityAlertProbability != 0)
        {
            OptionErrors.Fraction(errors, "Likelihood.RarityAlertProbability", RarityAlertProbability);
            if (RarityAlertProbability == 1)
            {
                errors.Add("Likelihood.RarityAlertProbability must be below 1 (0 = off)");
            }
        }
    }
}
