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

    /// <summary>The rule's own verdict, then <see cref="Describe"/>.</summary>
    public string Explain() => (IsAnomaly ? "anomaly: " : "normal: ") + Describe();

    /// <summary>What the rule saw: the value against its expected band and the rule's own score.</summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        string band = double.IsNaN(ExpectedLow) ? "n/a" : string.Format(c, "[{0:G6}, {1:G6}]", ExpectedLow, ExpectedHigh);
        return Rule switch
        {
            DetectionRule.SigmaBand => string.Format(c, "value {0:G6} against mean ± kσ of the recent window {1} (score {2:F2})", Value, band, Score),
            DetectionRule.RobustZ => string.Format(c, "value {0:G6} against rolling median ± k·MAD {1} (score {2:F2})", Value, band, Score),
            DetectionRule.Ewma => string.Format(c, "value {0:G6} against EWMA ± kσ {1} (score {2:F2})", Value, band, Score),
            DetectionRule.Cusum => string.Format(c, "cumulative drift of the level; value {0:G6}, in-control band {1} (score {2:F2})", Value, band, Score),
            DetectionRule.StuckAt => string.Format(c, "value stuck at {0:G6} for longer than allowed (band {1}, score {2:F2})", Value, band, Score),
            DetectionRule.RateOfChange => string.Format(c, "rate of change {0:G6}/s, allowed {1} (score {2:F2})", Value, band, Score),
            DetectionRule.Threshold => string.Format(c, "value {0:G6} outside static limits {1}", Value, band),
            DetectionRule.MissingData => string.Format(c, "no sample for {0:G6} ms, allowed {1} ms", Value, band),
            DetectionRule.PeerDeviation => string.Format(c, "value {0:G6} against the peer group's median ± k·MAD {1} (score {2:F2})", Value, band, Score),
            DetectionRule.Seasonal => string.Format(c, "value {0:G6} against the usual level at this time of the period {1} (score {2:F2})", Value, band, Score),
            DetectionRule.Novelty => string.Format(c, "value {0:G6} lies where the series has rarely been (learnt range {1}, score {2:F2})", Value, band, Score),
            DetectionRule.Prediction => string.Format(c, "value {0:G6} against the value predicted from the previous samples {1} (score {2:F2})", Value, band, Score),
            DetectionRule.LevelShift => string.Format(c, "level moved from {0:G4} to {1:G4} (limit ±{2:G3}, score {3:F2})", Midpoint, Value, HalfBand, Score),
            DetectionRule.Drift => string.Format(c, "level drifted from {0:G4} to {1:G4} (limit ±{2:G3}, score {3:F2})", Midpoint, Value, HalfBand, Score),
            DetectionRule.VarianceShift => string.Format(c, "noise σ grew from {0:G3} to {1:G3} (score {2:F2})", ExpectedLow, Value, Score),
            _ => string.Format(c, "value {0:G6}", Value),
        };
    }

    public override string ToString() => Explain();

    private double Midpoint => (ExpectedLow + ExpectedHigh) / 2;

    private double HalfBand => (ExpectedHigh - ExpectedLow) / 2;
}
