using IotStack.Detection.Detectors;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection;

/// <summary>
/// All rules for one series. Fixed memory (every buffer is sized here), streaming (each sample is scored
/// against the past only) and allocation-free per sample. Not thread-safe: one writer per series.
/// </summary>
/// <remarks>
/// Hard rules (static threshold, rate of change, stuck-at) score against their configured limits. Statistical
/// rules do too, unless <see cref="ChannelDetectionSpec.Rarity"/> is set: then each rule's score is replaced by
/// how rare it is in this series' history, and the rarest rule (Bonferroni-corrected) sets the combined score.
/// After an alert, the next <see cref="ChannelDetectionSpec.SuppressSamples"/> samples report their finding with
/// score 0: one alert per episode. The episode ends early after <see cref="ChannelDetectionSpec.EpisodeQuietSamples"/>
/// quiet samples, and a new extreme (<see cref="Options.RangeMarginOptions.BreaksSuppression"/>) alerts inside it.
/// </remarks>
internal sealed partial class DetectorSet
{
    private const double LoneWarningCeiling = 0.4999;
    private readonly SeriesDetector[] _hard;
    private readonly SeriesDetector[] _statistical;
    private readonly RarityTracker[]? _rarity;
    private readonly double[]? _recentProbability;
    private readonly int _persistSamples = 1;
    private int _persistNext;
    private readonly double _minRuleScore;
    private readonly double _alertLogProbability;
    private readonly bool _sumEvidence;
    private readonly double _sustainedZ;
    private readonly double _shortAlpha;
    private readonly double _longAlpha;
    private double _shortMean;
    private double _longMean;
    private double _longVariance;
    private int _evidenceCount;
    private int _rarityWarmup;
    private readonly int _rarityWarmupSamples;
    private readonly SeasonalDetector? _seasonal;
    private readonly double _seasonalDominance = 1;
    private readonly int _suppressSamples;
    private readonly double _escalationMargin;
    private int _suppressLeft;
    private double _alertScore;
    private readonly AnomalyLikelihood? _likelihood;
    private readonly bool _keepRarity = true;
    private readonly bool _likelihoodSecond;
    private readonly RangeMargin? _range;
    private readonly bool _rangeBreaksSuppression;
    private readonly int _youngSamples;
    private readonly int _youngFromSamples;
    private readonly double _youngRatio;
    private int _samplesSeen;
    private readonly int _episodeQuietSamples;
    private readonly double _episodeQuietScore;
    private int _quietRun;
    private readonly double _warningScore;
    private readonly int _warningSamples;
    private int _warningLeft;
    private readonly bool _loneWarnings;

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
        if (spec.Rarity is { } rarity)
        {
            _rarity = new RarityTracker[_statistical.Length];
            for (int i = 0; i < _rarity.Length; i++)
            {
                _rarity[i] = new RarityTracker(rarity.Bins, rarity.BinsPerUnit, rarity.HalfLifeSamples, rarity.MinSamples, rarity.TailExponent, rarity.TailSamples);
            }

            _persistSamples = rarity.PersistSamples;
            if (_persistSamples > 1)
            {
                // One row of the last PersistSamples tail probabilities per rule.
                _recentProbability = new double[_statistical.Length * _persistSamples];
                Array.Fill(_recentProbability, 1.0);
            }

            _minRuleScore = rarity.MinRuleScore;
            _alertLogProbability = -Math.Log(rarity.AlertProbability);
            _sumEvidence = rarity.SumEvidence;
            _sustainedZ = rarity.SustainedZ;
            _shortAlpha = rarity.SustainedShortAlpha;
            _longAlpha = rarity.SustainedLongAlpha;
            _rarityWarmupSamples = rarity.MinSamples;
            _rarityWarmup = rarity.MinSamples;
            _seasonal = Array.Find(_statistical, d => d is SeasonalDetector) as SeasonalDetector;
            _seasonalDominance = rarity.SeasonalDominance;
            _youngSamples = rarity.YoungSamples;
            _youngFromSamples = rarity.YoungFromSamples;
            _youngRatio = rarity.YoungRatio;
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

        _suppressSamples = spec.SuppressSamples;
        _episodeQuietSamples = spec.EpisodeQuietSamples;
        _episodeQuietScore = spec.EpisodeQuietScore;
        _escalationMargin = spec.EscalationMargin;
        _warningScore = spec.WarningScore;
        _warningSamples = spec.WarningSamples;
        _loneWarnings = _warningScore > 0 && _recentProbability is not null;
    }

    public int DetectorCount => _hard.Length + _statistical.Length;

    /// <summary>Scores one sample. Non-finite values are not learnt from and score 0.</summary>
    public DetectionResult Observe(long timestampMs, double value)
    {
        if (!double.IsFinite(value))
        {
            return new DetectionResult(0, Finding.Quiet(DetectionRule.None, timestampMs, value));
        }

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

        SeriesDetector[] statistical = _statistical;
        RarityTracker[]? rarity = _rarity;
        double statisticalScore = 0;
        Finding statisticalFinding = strongest;
        double rawMax = 0;
        double rawSecond = 0;
        double loneWarning = 0;
        if (rarity is null)
        {
            for (int i = 0; i < statistical.Length; i++)
            {
                Finding finding = statistical[i].Observe(timestampMs, value);
                if (finding.Score > statisticalScore)
                {
                    statisticalScore = finding.Score;
                    statisticalFinding = finding;
                }
            }

            rawMax = statisticalScore;
        }
        else
        {
            double minProbability = 1;
            double minLoneProbability = 1;
            double evidence = 0;
            Finding rarest = strongest;
            bool young = _samplesSeen < _youngSamples && _samplesSeen >= _youngFromSamples;
            double youngScore = 0;
            Finding youngFinding = strongest;
            SeasonalDetector? seasonal = _seasonal;
            bool seasonalOnly = seasonal is not null && seasonal.ExplainedFraction >= _seasonalDominance;
            for (int i = 0; i < statistical.Length; i++)
            {
                Finding finding = statistical[i].Observe(timestampMs, value);
                double probability = finding.Score >= _minRuleScore ? rarity[i].Observe(finding.Score) : Learn(rarity[i], finding.Score);
                double p = Persisted(i, probability);
                bool speaks = !seasonalOnly || ReferenceEquals(statistical[i], seasonal);
                if (speaks)
                {
                    if (finding.Score > rawMax)
                    {
                        rawSecond = rawMax;
                        rawMax = finding.Score;
                    }
                    else if (finding.Score > rawSecond)
                    {
                        rawSecond = finding.Score;
                    }
                }

                if (young && speaks)
                {
                    double own = YoungScore(finding.Score);
                    if (own > youngScore)
                    {
                        youngScore = own;
                        youngFinding = finding;
                    }
                }

                if (finding.Score >= _minRuleScore && speaks)
                {
                    minLoneProbability = Math.Min(minLoneProbability, probability);
                    evidence -= Math.Log(p);
                    if (p < minProbability)
                    {
                        minProbability = p;
                        rarest = finding;
                    }
                }
            }

            double rarityScore = _sumEvidence
                ? Math.Min(1, evidence / (2 * _alertLogProbability))
                : RarityScore(minProbability * statistical.Length);
            if (_sustainedZ > 0)
            {
                rarityScore = Math.Max(rarityScore, Sustained(-Math.Log(Math.Min(1, minProbability * statistical.Length))));
            }

            if (_recentProbability is not null)
            {
                _persistNext = _persistNext + 1 == _persistSamples ? 0 : _persistNext + 1;
            }

            statisticalScore = rarityScore;
            statisticalFinding = rarest;
            if (_loneWarnings)
            {
                loneWarning = LoneWarning(RarityScore(minLoneProbability * statistical.Length));
            }

            if (youngScore > statisticalScore)
            {
                statisticalScore = youngScore;
                statisticalFinding = youngFinding;
            }

            _samplesSeen++;
        }

        if (_likelihood is { } likelihood)
        {
            // Raw input: the strongest rule that speaks (Numenta feeds its HTM prediction error here), or the
            // second strongest (two rules must agree).
            double sustained = likelihood.Observe(_likelihoodSecond ? rawSecond : rawMax);
            statisticalScore = _keepRarity ? Math.Max(statisticalScore, sustained) : sustained;
        }

        bool newExtreme = false;
        if (_range is { } rangeMargin)
        {
            double rangeScore = rangeMargin.Observe(value);
            newExtreme = _rangeBreaksSuppression && rangeScore >= Finding.AnomalyScore;
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

        if (_suppressLeft > 0 && _episodeQuietSamples > 0)
        {
            _quietRun = score < _episodeQuietScore ? _quietRun + 1 : 0;
            if (_quietRun >= _episodeQuietSamples)
            {
                _suppressLeft = 0;
            }
        }

        if (_suppressLeft > 0 && !newExtreme && !(_escalationMargin > 0 && score >= _alertScore + _escalationMargin))
        {
            // Same episode as the last alert: report the finding, do not alert again.
            _suppressLeft--;
            score = 0;
            loneWarning = 0;
        }
        else if (score >= Finding.AnomalyScore)
        {
            _suppressLeft = _suppressSamples;
            _alertScore = score;
            _quietRun = 0;
        }

        if (_warningScore > 0)
        {
            score = Warning(Math.Max(score, loneWarning));
        }

        return new DetectionResult(score, strongest);
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

        if (_rarity is not null)
        {
            foreach (RarityTracker tracker in _rarity)
            {
                tracker.Reset();
            }
        }

        if (_recentProbability is not null)
        {
            Array.Fill(_recentProbability, 1.0);
        }

        _persistNext = 0;
        _likelihood?.Reset();
        _range?.Reset();
        _suppressLeft = 0;
        _quietRun = 0;
        _warningLeft = 0;
        _samplesSeen = 0;
        _shortMean = 0;
        _longMean = 0;
        _longVariance = 0;
        _evidenceCount = 0;
        _rarityWarmup = _rarity is null ? 0 : _rarityWarmupSamples;
    }

    private double Sustained(double evidence)
    {
        // Evidence is 0 until the rarity histograms warm up; learning those zeros would make the first real
        // evidence look like a sustained episode.
        if (_rarityWarmup > 0)
        {
            _rarityWarmup--;
            return 0;
        }

        _evidenceCount++;
        double longAlpha = Math.Max(_longAlpha, 1.0 / _evidenceCount);
        double sigma = Math.Sqrt(_longVariance);
        _shortMean += _shortAlpha * (evidence - _shortMean);
        double z = sigma > 0 && _evidenceCount > 100 ? (_shortMean - _longMean) / sigma : 0;
        double delta = evidence - _longMean;
        _longMean += longAlpha * delta;
        _longVariance = (1 - longAlpha) * (_longVariance + (longAlpha * delta * delta));
        return Math.Clamp(z / (2 * _sustainedZ), 0, 1);
    }

    // A sub-alert score at the warning level is reported once per span, so a threshold below the alert level
    // sees one report per episode, as the alert level does; alerts (already de-duplicated) open the span too.
    private double Warning(double score)
    {
        if (_warningLeft > 0)
        {
            _warningLeft--;
        }

        if (score < _warningScore)
        {
            return score;
        }

        if (score < Finding.AnomalyScore && _warningLeft > 0)
        {
            return 0;
        }

        _warningLeft = _warningSamples;
        return score;
    }

    // A lone rare sample (one that would alert without persistence) is a warning, graded by its rarity: alert
    // level → WarningScore, certain → just under the alert level, so it never alerts or opens a suppression span.
    private double LoneWarning(double loneScore) =>
        loneScore < Finding.AnomalyScore ? 0 : _warningScore + ((LoneWarningCeiling - _warningScore) * (loneScore - Finding.AnomalyScore) / (1 - Finding.AnomalyScore));

    // A score below MinRuleScore is never evidence: it is learnt, and counts as "not rare" for persistence.
    private static double Learn(RarityTracker tracker, double score)
    {
        tracker.Learn(score);
        return 1;
    }

    // The least rare of this rule's last PersistSamples probabilities (this one included).
    private double Persisted(int rule, double probability)
    {
        if (_recentProbability is not { } recent)
        {
            return probability;
        }

        int row = rule * _persistSamples;
        recent[row + _persistNext] = probability;
        double leastRare = probability;
        for (int k = 0; k < _persistSamples; k++)
        {
            leastRare = Math.Max(leastRare, recent[row + k]);
        }

        return leastRare;
    }

    // A rule's own score re-mapped so that YoungRatio times its limit is 0.5 (ScoreMap: score = r² / (1 + r²)).
    private double YoungScore(double ruleScore)
    {
        if (ruleScore <= 0)
        {
            return 0;
        }

        if (ruleScore >= 1)
        {
            return 1;
        }

        return ScoreMap.FromRatio(Math.Sqrt(ruleScore / (1 - ruleScore)) / _youngRatio);
    }

    // p = AlertProbability → 0.5, p = AlertProbability² → 1.
    private double RarityScore(double probability) =>
        probability >= 1 ? 0 : Math.Min(1, -Math.Log(probability) / (2 * _alertLogProbability));
}
