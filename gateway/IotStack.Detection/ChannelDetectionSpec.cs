using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;

namespace IotStack.Detection;

/// <summary>
/// Which rules run on one (device, channel) series and with which parameters. A null rule is off.
/// Immutable (variants by <c>with</c>); one spec can be shared by every series of a channel type.
/// </summary>
internal sealed record ChannelDetectionSpec
{
    public SigmaBandOptions? SigmaBand { get; init; }

    public RobustZOptions? RobustZ { get; init; }

    public EwmaOptions? Ewma { get; init; }

    public CusumOptions? Cusum { get; init; }

    public StuckAtOptions? StuckAt { get; init; }

    public RateOfChangeOptions? RateOfChange { get; init; }

    public ThresholdOptions? Threshold { get; init; }

    public SeasonalOptions? Seasonal { get; init; }

    public NoveltyOptions? Novelty { get; init; }

    /// <summary>Short-context prediction error (autoregressive, fitted online).</summary>
    public PredictionOptions? Prediction { get; init; }

    /// <summary>Level and variance shift between a short and a long horizon (scored against its own limit, not by rarity).</summary>
    public ShiftOptions? LevelShift { get; init; }

    /// <summary>Slow drift: the same test at long horizons (scored against its own limit, not by rarity).</summary>
    public ShiftOptions? Drift { get; init; }

    /// <summary>
    /// Operator alerts (<see cref="DetectionResult.IsAlert"/>) only from rules with a bounded false-alarm rate on
    /// clean data: hard limits, the level-shift and drift tests, and a new extreme past a fifth of the seen range
    /// that rarity corroborates; one per episode. False: an operator alert is every <see cref="DetectionResult.IsAnomaly"/>.
    /// </summary>
    public bool CalibratedAlerts { get; init; }

    /// <summary>Score statistical rules by rarity in the series' history instead of their fixed limits.</summary>
    public RarityOptions? Rarity { get; init; }

    /// <summary>New-extreme rule: a value beyond the seen range by a margin (null = off).</summary>
    public RangeMarginOptions? RangeMargin { get; init; }

    /// <summary>Anomaly likelihood of the statistical rules' raw scores (null = off).</summary>
    public LikelihoodOptions? Likelihood { get; init; }

    /// <summary>Alert de-duplication: after an anomaly, the next this-many samples report their finding with score 0.</summary>
    public int SuppressSamples { get; init; }

    /// <summary>
    /// Ends a suppression span early once the combined score has stayed below <see cref="EpisodeQuietScore"/> for
    /// this many samples (0 = the span always runs its full length): the episode is over, the next one may alert.
    /// </summary>
    public int EpisodeQuietSamples { get; init; }

    /// <summary>Combined score below which a sample counts as quiet for <see cref="EpisodeQuietSamples"/>.</summary>
    public double EpisodeQuietScore { get; init; } = 0.3;

    /// <summary>Within a suppression span, a score this much above the alert's score alerts again (0 = never).</summary>
    public double EscalationMargin { get; init; }

    /// <summary>
    /// Warning level below the alert level (0 = off). A score from here to the alert level is reported once per
    /// <see cref="WarningSamples"/> samples (an alert counts as a report), later ones score 0, so a threshold set
    /// below the alert level also sees one report per episode. With rarity persistence, a lone rare sample that
    /// persistence holds back scores as a warning too, graded by its rarity. Alerts are unchanged.
    /// </summary>
    public double WarningScore { get; init; }

    /// <summary>Samples after a reported warning or alert in which further warnings score 0.</summary>
    public int WarningSamples { get; init; }

    /// <summary>Only the seed rule: mean ± 2σ of the last 32 samples.</summary>
    public static ChannelDetectionSpec SeedRule { get; } = new() { SigmaBand = new SigmaBandOptions() };

    /// <summary>
    /// The tuned ensemble the gateway runs by default and the NAB tool scores (docs/detection.md): robust z,
    /// EWMA, CUSUM, a daily seasonal residual and a short-context prediction error (AR(4) fitted online), scored
    /// by rarity in the series' own history (a rule must find two consecutive samples rare; from sample 48 to 500,
    /// before rarity can speak, three times a rule's own limit also alerts), plus stuck-at (a run 1.2 times the
    /// longest seen), the anomaly likelihood of the second strongest rule score (two rules must agree; the
    /// likelihood capped by the rarity of its own score in the series, so it alerts on about 0.35 % of any
    /// series' samples at most) and a new-extreme rule (beyond the seen range by 5 % of it, alerting even inside
    /// an episode), with one alert per episode (at most 400 samples; it ends after 100 quiet ones) and one
    /// warning (score 0.3 to 0.5, lone rare samples included) per 1,000 samples. Tuned on NAB's 58 files as a
    /// whole, never per file.
    /// </summary>
    public static ChannelDetectionSpec Default { get; } = new()
    {
        RobustZ = new RobustZOptions { Window = 48, K = 3 },
        Ewma = new EwmaOptions { Alpha = 0.1, K = 7 },
        Cusum = new CusumOptions { Slack = 0.5, Threshold = 8 },
        Seasonal = new SeasonalOptions { K = 4, Alpha = 0.05 },
        Prediction = new PredictionOptions { K = 3 },
        StuckAt = new StuckAtOptions { RunGrowth = 1.2 },
        Rarity = new RarityOptions
        {
            AlertProbability = 0.007,
            MinRuleScore = 0.3,
            HalfLifeSamples = 5000,
            MinSamples = 200,
            SeasonalDominance = 0.85,
            PersistSamples = 2,
            YoungSamples = 500,
            YoungFromSamples = 48,
            YoungRatio = 3,
        },
        Likelihood = new LikelihoodOptions { Decades = 14, HalfLifeSamples = 6000, SecondStrongest = true, RarityAlertProbability = 0.0035 },
        RangeMargin = new RangeMarginOptions { Tolerance = 0.05, MinSamples = 200, BreaksSuppression = true },
        LevelShift = new ShiftOptions { ShortSamples = 16, LongSamples = 512, K = 6, WarmupSamples = 300 },
        Drift = new ShiftOptions { ShortSamples = 128, LongSamples = 4096, K = 6, WarmupSamples = 2048, BlockSamples = 4 },
        CalibratedAlerts = true,
        SuppressSamples = 400,
        EpisodeQuietSamples = 100,
        EpisodeQuietScore = 0.3,
        WarningScore = 0.3,
        WarningSamples = 1000,
    };

    /// <summary>
    /// A hash of every setting (<see cref="ConfigFingerprint"/>), stored in each checkpoint: a state learnt under other
    /// settings is refused. Section tags are frozen like rule numbers; a new option section takes the next one.
    /// </summary>
    public ulong Fingerprint()
    {
        var fingerprint = new ConfigFingerprint();
        fingerprint.Section(1, SigmaBand is not null);
        SigmaBand?.AddTo(ref fingerprint);
        fingerprint.Section(2, RobustZ is not null);
        RobustZ?.AddTo(ref fingerprint);
        fingerprint.Section(3, Ewma is not null);
        Ewma?.AddTo(ref fingerprint);
        fingerprint.Section(4, Cusum is not null);
        Cusum?.AddTo(ref fingerprint);
        fingerprint.Section(5, StuckAt is not null);
        StuckAt?.AddTo(ref fingerprint);
        fingerprint.Section(6, RateOfChange is not null);
        RateOfChange?.AddTo(ref fingerprint);
        fingerprint.Section(7, Threshold is not null);
        Threshold?.AddTo(ref fingerprint);
        fingerprint.Section(8, Seasonal is not null);
        Seasonal?.AddTo(ref fingerprint);
        fingerprint.Section(9, Novelty is not null);
        Novelty?.AddTo(ref fingerprint);
        fingerprint.Section(10, Prediction is not null);
        Prediction?.AddTo(ref fingerprint);
        fingerprint.Section(11, LevelShift is not null);
        LevelShift?.AddTo(ref fingerprint);
        fingerprint.Section(12, Drift is not null);
        Drift?.AddTo(ref fingerprint);
        fingerprint.Section(13, Rarity is not null);
        Rarity?.AddTo(ref fingerprint);
        fingerprint.Section(14, Likelihood is not null);
        Likelihood?.AddTo(ref fingerprint);
        fingerprint.Section(15, RangeMargin is not null);
        RangeMargin?.AddTo(ref fingerprint);
        fingerprint.Section(16, true);
        fingerprint.Add(CalibratedAlerts);
        fingerprint.Add(SuppressSamples);
        fingerprint.Add(EpisodeQuietSamples);
        fingerprint.Add(EpisodeQuietScore);
        fingerprint.Add(EscalationMargin);
        fingerprint.Add(WarningScore);
        fingerprint.Add(WarningSamples);
        return fingerprint.Value;
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        SigmaBand?.Validate(errors);
        RobustZ?.Validate(errors);
        Ewma?.Validate(errors);
        Cusum?.Validate(errors);
        StuckAt?.Validate(errors);
        RateOfChange?.Validate(errors);
        Threshold?.Validate(errors);
        Seasonal?.Validate(errors);
        Novelty?.Validate(errors);
        Prediction?.Validate(errors);
        Rarity?.Validate(errors);
        Likelihood?.Validate(errors);
        RangeMargin?.Validate(errors);
        LevelShift?.Validate(errors, "LevelShift");
        Drift?.Validate(errors, "Drift");
        OptionErrors.AtLeast(errors, "SuppressSamples", SuppressSamples, 0);
        OptionErrors.AtLeast(errors, "EpisodeQuietSamples", EpisodeQuietSamples, 0);
        OptionErrors.Fraction(errors, "EpisodeQuietScore", EpisodeQuietScore);
        OptionErrors.NotNegative(errors, "EscalationMargin", EscalationMargin);
        OptionErrors.InRange(errors, "WarningScore", WarningScore, 0, Finding.AnomalyScore);
        OptionErrors.AtLeast(errors, "WarningSamples", WarningSamples, 0);
        return errors;
    }
}
