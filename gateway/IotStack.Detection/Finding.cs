using System.Globalization;

namespace IotStack.Detection;

/// <summary>
/// What one rule saw at one sample. A value type so the per-sample path allocates nothing;
/// the text for operators is built only by <see cref="Explain"/>.
/// </summary>
internal readonly struct Finding
{
    /// <summary>Score at or above which a finding counts as an anomaly (a rule's own limit maps here).</summary>
    public const double AnomalyScore = 0.5;

    public Finding(DetectionRule rule, long timestampMs, double value, double expectedLow, double expectedHigh, double score)
    {
        Rule = rule;
        TimestampMs = timestampMs;
        Value = value;
        ExpectedLow = expectedLow;
        ExpectedHigh = expectedHigh;
        Score = score;
    }

    public DetectionRule Rule { get; }

    public long TimestampMs { get; }

    /// <summary>The observed value (for <see cref="DetectionRule.MissingData"/>: the silence in ms; for rate: the rate per second).</summary>
    public double Value { get; }

    public double ExpectedLow { get; }

    public double ExpectedHigh { get; }

    /// <summary>0 = normal, 1 = certain anomaly; <see cref="AnomalyScore"/> is the rule's own limit.</summary>
    public double Score { get; }

    public bool IsAnomaly => Score >= AnomalyScore;

    public static Finding Quiet(DetectionRule rule, long timestampMs, double value) =>
        new(rule, timestampMs, value, double.NaN, double.NaN, 0);

    public string Explain()
    {
        var c = CultureInfo.InvariantCulture;
        string band = double.IsNaN(ExpectedLow) ? "n/a" : string.Format(c, "[{0:G6}, {1:G6}]", ExpectedLow, ExpectedHigh);
        string verdict = IsAnomaly ? "anomaly" : "normal";
        return Rule switch
        {
            DetectionRule.SigmaBand => string.Format(c, "{0}: value {1:G6} against mean ± kσ of the recent window {2} (score {3:F2})", verdict, Value, band, Score),
            DetectionRule.RobustZ => string.Format(c, "{0}: value {1:G6} against rolling median ± k·MAD {2} (score {3:F2})", verdict, Value, band, Score),
            DetectionRule.Ewma => string.Format(c, "{0}: value {1:G6} against EWMA ± kσ {2} (score {3:F2})", verdict, Value, band, Score),
            DetectionRule.Cusum => string.Format(c, "{0}: cumulative drift of the level; value {1:G6}, in-control band {2} (score {3:F2})", verdict, Value, band, Score),
            DetectionRule.StuckAt => string.Format(c, "{0}: value stuck at {1:G6} for longer than allowed (band {2}, score {3:F2})", verdict, Value, band, Score),
            DetectionRule.RateOfChange => string.Format(c, "{0}: rate of change {1:G6}/s, allowed {2} (score {3:F2})", verdict, Value, band, Score),
            DetectionRule.Threshold => string.Format(c, "{0}: value {1:G6} outside static limits {2}", verdict, Value, band),
            DetectionRule.MissingData => string.Format(c, "{0}: no sample for {1:G6} ms, allowed {2} ms", verdict, Value, band),
            DetectionRule.PeerDeviation => string.Format(c, "{0}: value {1:G6} against the peer group's median ± k·MAD {2} (score {3:F2})", verdict, Value, band, Score),
            DetectionRule.Seasonal => string.Format(c, "{0}: value {1:G6} against the usual level at this time of the period {2} (score {3:F2})", verdict, Value, band, Score),
            DetectionRule.Novelty => string.Format(c, "{0}: value {1:G6} lies where the series has rarely been (learnt range {2}, score {3:F2})", verdict, Value, band, Score),
            DetectionRule.Prediction => string.Format(c, "{0}: value {1:G6} against the value predicted from the previous samples {2} (score {3:F2})", verdict, Value, band, Score),
            _ => string.Format(c, "{0}: value {1:G6}", verdict, Value),
        };
    }

    public override string ToString() => Explain();
}
