using IotStack.Detection.Detectors;

namespace IotStack.Detection.Combining;

/// <summary>
/// What the statistical rules said about one sample, combined: the score, the two strongest raw rule scores (the
/// likelihood stage's input) and the score a lone rare sample would have had without persistence (the warning
/// level's input; 0 when not computed). The finding that set the score comes back through the combining call's
/// <c>ref</c> argument: inside this struct it was copied whole on the way out, reading stores just made (a store
/// forwarding stall per sample).
/// </summary>
internal readonly struct StatisticalScore
{
    public StatisticalScore(double score, double rawMax, double rawSecond, double loneScore)
    {
        Score = score;
        RawMax = rawMax;
        RawSecond = rawSecond;
        LoneScore = loneScore;
    }

    public double Score { get; }

    public double RawMax { get; }

    public double RawSecond { get; }

    public double LoneScore { get; }

    /// <summary>Without rarity: the strongest rule's own score decides.</summary>
    public static StatisticalScore Strongest(SeriesDetector[] rules, long timestampMs, double value, ref Finding strongest)
    {
        double score = 0;
        for (int i = 0; i < rules.Length; i++)
        {
            Finding finding = rules[i].Observe(timestampMs, value);
            if (finding.Score > score)
            {
                score = finding.Score;
                strongest = finding;
            }
        }

        return new StatisticalScore(score, score, 0, 0);
    }
}
