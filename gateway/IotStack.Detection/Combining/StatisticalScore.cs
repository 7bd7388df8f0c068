using IotStack.Detection.Detectors;

namespace IotStack.Detection.Combining;

/// <summary>
/// What the statistical rules said about one sample, combined: the score and the finding that set it, the two
/// strongest raw rule scores (the likelihood stage's input) and the score a lone rare sample would have had
/// without persistence (the warning level's input; 0 when not computed).
/// </summary>
internal readonly struct StatisticalScore
{
    public StatisticalScore(double score, Finding finding, double rawMax, double rawSecond, double loneScore)
    {
        Score = score;
        Finding = finding;
        RawMax = rawMax;
        RawSecond = rawSecond;
        LoneScore = loneScore;
    }

    public double Score { get; }

    public Finding Finding { get; }

    public double RawMax { get; }

    public double RawSecond { get; }

    public double LoneScore { get; }

    /// <summary>Without rarity: the strongest rule's own score decides.</summary>
    public static StatisticalScore Strongest(SeriesDetector[] rules, long timestampMs, double value, Finding fallback)
    {
        double score = 0;
        Finding strongest = fallback;
        for (int i = 0; i < rules.Length; i++)
        {
            Finding finding = rules[i].Observe(timestampMs, value);
            if (finding.Score > score)
            {
                score = finding.Score;
                strongest = finding;
            }
        }

        return new StatisticalScore(score, strongest, score, 0, 0);
    }
}
