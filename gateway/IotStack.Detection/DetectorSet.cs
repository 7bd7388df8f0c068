using IotStack.Detection.Combining;
using IotStack.Detection.Detectors;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection;

/// <summary>
/// All rules for one series. Fixed memory (every buffer is sized here), streaming (each sample is scored
/// against the past only) and allocation-free per sample. Not thread-safe: one writer per series.
/// </summary>
/// <remarks>
/// The set orchestrates its collaborators: <see cref="RarityCombiner"/> (rarity, persistence, young series,
/// seasonal dominance), <see cref="AnomalyLikelihood"/> and <see cref="RangeMargin"/> (extra statistical
/// evidence), <see cref="EpisodeGate"/> (one alert per episode) and <see cref="WarningLimiter"/> (sub-alert
/// reports). Hard rules (static threshold, rate of change, stuck-at) score against their configured limits. Statistical
/// rules do too, unless <see cref="ChannelDetectionSpec.Rarity"/> is set: then each rule's score is replaced by
/// how rare it is in this series' history, and the rarest rule (Bonferroni-corrected) sets the combined score.
/// After an alert, the next <see cref="ChannelDetectionSpec.SuppressSamples"/> samples report their finding with
/// score 0: one alert per episode. The episode ends early after <see cref="ChannelDetectionSpec.EpisodeQuietSamples"/>
/// quiet samples, and a new extreme (<see cref="Options.RangeMarginOptions.BreaksSuppression"/>) alerts inside it.
/// </remarks>
internal sealed partial class DetectorSet
{
    // A new extreme tells the operator only past a fifth of the seen range (ratio 4 to the 5 % tolerance): the next
    // record of a heavy tail lands within that, a jump to a new level or a spike of several σ lands beyond it.
    private static readonly double OperatorRangeScore = ScoreMap.FromRatio(4);

    private readonly SeriesDetector[] _hard;
    private readonly SeriesDetector[] _statistical;
    private readonly ShiftDetector[] _calibrated;

    // The shift tests' deseasonalising profile (the seasonal rule's), if the set has one.
    private readonly SeasonalDetector? _seasonal;
    private readonly RarityCombiner? _rarity;
    private readonly AnomalyLikelihood? _likelihood;
    private readonly bool _keepRarity = true;
    private readonly bool _likelihoodSecond;
    private readonly RangeMargin? _range;
    private readonly bool _rangeBreaksSuppression;
    private readonly EpisodeGate _episodes;
    private readonly WarningLimiter? _warnings;
    private readonly EpisodeGate? _alerts;
    private readonly ulong _fingerprint;
    private readonly int _stateBytes;
    private long _newestMs = long.MinValue;

    public DetectorSet(ChannelDetectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        IReadOnlyList<string> errors = spec.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Channel detection spec is invalid: " + string.Join("; ", errors), nameof(spec));
        }

        _hard = CreateHard(spec);
        _statistical = CreateStatistical(spec);
        _calibrated = CreateCalibrated(spec);
        _seasonal = Array.Find(_statistical, d => d is SeasonalDetector) as SeasonalDetector;
        if (spec.Rarity is { } rarity)
        {
            _rarity = new RarityCombiner(rarity, _statistical, loneScores: spec.WarningScore > 0);
        }

        if (spec.Likelihood is { } likelihood)
        {
            _likelihood = new AnomalyLikelihood(likelihood);
            _keepRarity = likelihood.KeepRarity;
            _likelihoodSecond = likelihood.SecondStrongest;
        }

        if (spec.RangeMargin is { } range)
        {
            _range = new RangeMargin(range.Tolerance, range.MinSamples, range.HalfLifeSamples);
            _rangeBreaksSuppression = range.BreaksSuppression;
        }

        _episodes = new EpisodeGate(spec.SuppressSamples, spec.EscalationMargin, spec.EpisodeQuietSamples, spec.EpisodeQuietScore);
        _warnings = spec.WarningScore > 0 ? new WarningLimiter(spec.WarningScore, spec.WarningSamples) : null;
        if (spec.CalibratedAlerts)
        {
            _alerts = new EpisodeGate(spec.SuppressSamples, 0, spec.EpisodeQuietSamples, spec.EpisodeQuietScore);
        }

        _fingerprint = spec.Fingerprint();
        _stateBytes = CountStateBytes();
    }

    public int DetectorCount => _hard.Length + _statistical.Length + _calibrated.Length;

    /// <summary>Scores one sample. Non-finite values and late samples (older than the newest seen) are not learnt from and score 0.</summary>
    public DetectionResult Observe(long timestampMs, double value)
    {
        if (!double.IsFinite(value))
        {
            return new DetectionResult(0, Finding.Quiet(DetectionRule.None, timestampMs, value));
        }

        // A late sample (a batch stored during an outage and replayed after newer ones): the statistical rules have
        // moved on, so they neither score nor learn it; the hard limits still judge it.
        bool late = timestampMs < _newestMs;
        _newestMs = Math.Max(_newestMs, timestampMs);

        Finding strongest = Finding.Quiet(DetectionRule.None, timestampMs, value);
        double score = 0;
        SeriesDetector[] hard = _hard;
        for (int i = 0; i < hard.Length; i++)
        {
            Finding finding = hard[i].Observe(timestampMs, value);
            if (finding.Score > score)
            {
                score = finding.Score;
                strongest = finding;
            }
        }

        if (late)
        {
            return new DetectionResult(score, strongest);
        }

        Finding statisticalFinding = strongest;
        StatisticalScore combined = _rarity is { } rarity
            ? rarity.Observe(timestampMs, value, ref statisticalFinding)
            : StatisticalScore.Strongest(_statistical, timestampMs, value, ref statisticalFinding);
        double statisticalScore = combined.Score;
        if (_likelihood is { } likelihood)
        {
            // Raw input: the strongest rule that speaks (Numenta feeds its HTM prediction error here), or the
            // second strongest (two rules must agree).
            double sustained = likelihood.Observe(_likelihoodSecond ? combined.RawSecond : combined.RawMax);
            statisticalScore = _keepRarity ? Math.Max(statisticalScore, sustained) : sustained;
        }

        // The operator alert hears only rules with a bounded false-alarm rate on clean data: hard limits, the
        // calibrated shift and drift tests, and a new extreme by a wide margin that rarity corroborates (a record among few or
        // heavy-tailed samples is common; one by a margin that is also rare, even alone, is not). Rarity and the
        // likelihood are rates by design (about AlertProbability of any series' samples): they rank, for NAB.
        double operatorScore = score;
        Finding operatorFinding = strongest;
        bool corroborated = Math.Max(statisticalScore, combined.LoneScore) >= Finding.AnomalyScore;
        bool newExtreme = false;
        if (_range is { } rangeMargin)
        {
            double rangeScore = rangeMargin.Observe(value);
            newExtreme = _rangeBreaksSuppression && rangeScore >= Finding.AnomalyScore;
            if (rangeScore >= OperatorRangeScore && rangeScore > operatorScore && corroborated)
            {
                operatorScore = rangeScore;
                operatorFinding = new Finding(DetectionRule.Novelty, timestampMs, value, rangeMargin.Low, rangeMargin.High, rangeScore);
            }

            if (rangeScore > statisticalScore)
            {
                statisticalScore = rangeScore;
                statisticalFinding = new Finding(DetectionRule.Novelty, timestampMs, value, rangeMargin.Low, rangeMargin.High, rangeScore);
            }
        }

        if (statisticalScore > score)
        {
            score = statisticalScore;
            strongest = statisticalFinding;
        }

        // Rules calibrated by their own error rate speak to the operator alert only: a rarity ranking (NAB's
        // score) is a rate by design, their z limit bounds false alerts on clean data instead.
        double alertScore = operatorScore;
        Finding alertFinding = operatorFinding;
        ShiftDetector[] calibrated = _calibrated;
        double seasonalOffset = _seasonal is { } seasonal ? seasonal.SeasonalOffset : double.NaN;
        for (int i = 0; i < calibrated.Length; i++)
        {
            Finding finding = calibrated[i].Observe(timestampMs, value, seasonalOffset);
            if (finding.Score > alertScore)
            {
                alertScore = finding.Score;
                alertFinding = finding;
            }
        }

        // The operator's alert has its own episodes: a sub-alert-level NAB episode must not hide it.
        bool alert = false;
        if (_alerts is { } alerts)
        {
            alert = !alerts.Suppresses(alertScore, newExtreme) && alertScore >= Finding.AnomalyScore;
            strongest = alert ? alertFinding : strongest;
        }

        double loneWarning = _warnings?.LoneWarning(combined.LoneScore) ?? 0;
        if (_episodes.Suppresses(score, newExtreme))
        {
            // Same episode as the last alert: report the finding, do not alert again.
            score = 0;
            loneWarning = 0;
        }

        if (_warnings is { } warnings)
        {
            score = warnings.Limit(Math.Max(score, loneWarning));
        }

        return new DetectionResult(score, strongest, _alerts is null ? score >= Finding.AnomalyScore : alert);
    }

    /// <summary>Forgets everything learnt (e.g. after recalibration or a firmware change on the device).</summary>
    public void Reset()
    {
        foreach (SeriesDetector detector in _hard)
        {
            detector.Reset();
        }

        foreach (SeriesDetector detector in _statistical)
        {
            detector.Reset();
        }

        foreach (ShiftDetector detector in _calibrated)
        {
            detector.Reset();
        }

        _rarity?.Reset();
        _likelihood?.Reset();
        _range?.Reset();
        _episodes.Reset();
        _warnings?.Reset();
        _alerts?.Reset();
        _newestMs = long.MinValue;
    }
}
