using IotStack.Nab.Corpus;

namespace IotStack.Nab.Scoring;

/// <summary>
/// Scores anomaly-score streams the way NAB does: per-row rewards from window positions, one threshold
/// swept over the whole corpus, and normalisation between the null detector (0) and the perfect one (100).
/// </summary>
internal static class NabScorer
{
    /// <summary>The scorable rows of one file; window ids start at <paramref name="firstWindowId"/>.</summary>
    public static ScoredRow[] Rows(NabSeries series, double[] anomalyScores, NabProfile profile, int firstWindowId)
    {
        if (anomalyScores.Length != series.Length)
        {
            throw new ArgumentException($"{series.RelativePath}: {anomalyScores.Length} scores for {series.Length} rows");
        }

        int probation = NabRules.ProbationRows(series.Length);
        var rows = new ScoredRow[series.Length - probation];
        int window = 0;
        int previousRight = -1;
        double previousWidth = 0;
        for (int i = 0; i < series.Length; i++)
        {
            while (window < series.Windows.Length && i > series.Windows[window].EndRow)
            {
                previousRight = series.Windows[window].EndRow;
                previousWidth = series.Windows[window].Width;
                window++;
            }

            double reward;
            int windowId = -1;
            if (window < series.Windows.Length && i >= series.Windows[window].StartRow)
            {
                NabWindow w = series.Windows[window];
                double position = -(w.EndRow - i + 1) / (double)w.Width;
                reward = NabRules.ScaledSigmoid(position) * profile.TpWeight / NabRules.MaxTruePositive;
                windowId = firstWindowId + window;
            }
            else
            {
                // Just after a window a false positive costs less (the anomaly may still be unfolding).
                double unweighted = previousRight < 0 || previousWidth <= 1
                    ? -1.0
                    : NabRules.ScaledSigmoid(Math.Abs(previousRight - i) / (previousWidth - 1));
                reward = unweighted * profile.FpWeight;
            }

            if (i >= probation)
            {
                rows[i - probation] = new ScoredRow(anomalyScores[i], reward, windowId);
            }
        }

        return rows;
    }

    /// <summary>Raw score of a set of rows at a threshold (detection = anomaly score ≥ threshold).</summary>
    public static FileScore ScoreAt(IReadOnlyList<ScoredRow> rows, double threshold, NabProfile profile)
    {
        var best = new Dictionary<int, double>();
        double fpSum = 0;
        int fp = 0;
        foreach (ScoredRow row in rows)
        {
            if (row.WindowId >= 0)
            {
                best.TryAdd(row.WindowId, double.NegativeInfinity);
            }

            if (row.AnomalyScore < threshold)
            {
                continue;
            }

            if (row.WindowId < 0)
            {
                fpSum += row.Reward;
                fp++;
            }
            else if (row.Reward > best[row.WindowId])
            {
                best[row.WindowId] = row.Reward;
            }
        }

        int tp = 0;
        double total = fpSum;
        foreach (double b in best.Values)
        {
            if (double.IsNegativeInfinity(b))
            {
                total -= profile.FnWeight;
            }
            else
            {
                tp++;
                total += b;
            }
        }

        return new FileScore(total, tp, best.Count - tp, fp);
    }

    /// <summary>NAB's threshold sweep over all rows of the corpus: the threshold with the highest total raw score.</summary>
    public static (double Threshold, double Score) OptimiseThreshold(IReadOnlyList<ScoredRow> rows, NabProfile profile)
    {
        ScoredRow[] sorted = rows.ToArray();
        Array.Sort(sorted, (a, b) => b.AnomalyScore.CompareTo(a.AnomalyScore));
        var windowValue = new Dictionary<int, double>();
        double total = 0;
        foreach (ScoredRow row in sorted)
        {
            if (row.WindowId >= 0 && windowValue.TryAdd(row.WindowId, -profile.FnWeight))
            {
                total -= profile.FnWeight;
            }
        }

        // Above every score nothing fires (NAB starts its sweep at 1.1).
        double bestThreshold = 1.1;
        double bestScore = total;
        for (int i = 0; i < sorted.Length;)
        {
            double threshold = sorted[i].AnomalyScore;
            for (; i < sorted.Length && sorted[i].AnomalyScore == threshold; i++)
            {
                ScoredRow row = sorted[i];
                if (row.WindowId < 0)
                {
                    total += row.Reward;
                }
                else if (row.Reward > windowValue[row.WindowId])
                {
                    total += row.Reward - windowValue[row.WindowId];
                    windowValue[row.WindowId] = row.Reward;
                }
            }

            if (total > bestScore)
            {
                bestScore = total;
                bestThreshold = threshold;
            }
        }

        return (bestThreshold, bestScore);
    }
}
