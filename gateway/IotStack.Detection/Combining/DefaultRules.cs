using System.Runtime.CompilerServices;
using IotStack.Detection.Detectors;

namespace IotStack.Detection.Combining;

/// <summary>
/// The default spec's statistical rules (robust z, EWMA, CUSUM, seasonal, prediction: <see cref="DetectorSet"/>'s
/// order) called through their sealed types: direct calls the JIT may inline, where the combiner's loop made one
/// virtual call per rule (one call site seeing five types, so at most one of them devirtualised). Each rule returns
/// its score and band, and the finding is built, from registers, only when it can decide the sample.
/// </summary>
internal sealed class DefaultRules
{
    private readonly RobustZDetector _robustZ;
    private readonly EwmaDetector _ewma;
    private readonly CusumDetector _cusum;
    private readonly SeasonalDetector _seasonal;
    private readonly PredictionDetector _prediction;

    private DefaultRules(RobustZDetector robustZ, EwmaDetector ewma, CusumDetector cusum, SeasonalDetector seasonal, PredictionDetector prediction)
    {
        _robustZ = robustZ;
        _ewma = ewma;
        _cusum = cusum;
        _seasonal = seasonal;
        _prediction = prediction;
    }

    public const int Count = 5;

    /// <summary>The default's rules in its order, or null for any other rule set (the combiner then calls each rule virtually).</summary>
    public static DefaultRules? Match(SeriesDetector[] rules) =>
        rules is [RobustZDetector robustZ, EwmaDetector ewma, CusumDetector cusum, SeasonalDetector seasonal, PredictionDetector prediction]
            ? new DefaultRules(robustZ, ewma, cusum, seasonal, prediction)
            : null;

    /// <summary>
    /// Runs the rules on the sample: each score into <paramref name="scores"/>, and into <paramref name="findings"/>
    /// the finding of each rule whose score is at least <paramref name="minRuleScore"/> (all of them when
    /// <paramref name="young"/>). Returns the mask of the findings written.
    /// </summary>
    // Not inlined into the combiner, the five rules inlined here: one method for the rules and one for the combining,
    // each with its own registers (inlined into the combiner, the rules made its frame and its spills larger).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Observe(long timestampMs, double value, double[] scores, Finding[] findings, double minRuleScore, bool young)
    {
        if (scores.Length < Count || findings.Length < Count)
        {
            throw new ArgumentException("Room for " + Count + " rules is needed.", nameof(scores));
        }

        double score = _robustZ.Score(value, out double low, out double high);
        int copied = Keep(0, DetectionRule.RobustZ, timestampMs, value, low, high, score, scores, findings, minRuleScore, young);
        score = _ewma.Score(value, out low, out high);
        copied |= Keep(1, DetectionRule.Ewma, timestampMs, value, low, high, score, scores, findings, minRuleScore, young);
        score = _cusum.Score(value, out low, out high);
        copied |= Keep(2, DetectionRule.Cusum, timestampMs, value, low, high, score, scores, findings, minRuleScore, young);
        score = _seasonal.Score(timestampMs, value, out low, out high);
        copied |= Keep(3, DetectionRule.Seasonal, timestampMs, value, low, high, score, scores, findings, minRuleScore, young);
        score = _prediction.Score(value, out low, out high);
        copied |= Keep(4, DetectionRule.Prediction, timestampMs, value, low, high, score, scores, findings, minRuleScore, young);
        return copied;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Keep(int index, DetectionRule rule, long timestampMs, double value, double low, double high, double score, double[] scores, Finding[] findings, double minRuleScore, bool young)
    {
        scores[index] = score;
        if (score >= minRuleScore || young)
        {
            findings[index] = new Finding(rule, timestampMs, value, low, high, score);
            return 1 << index;
        }

        return 0;
    }
}
