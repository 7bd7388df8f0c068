using IotStack.Nab.Corpus;

namespace IotStack.Nab.Scoring;

/// <summary>Scores a whole corpus under one profile, as NAB's runner does (optimise, score, normalise).</summary>
internal static class CorpusScorer
{
    public static ProfileResult Score(IReadOnlyList<NabSeries> corpus, IReadOnlyList<double[]> anomalyScores, NabProfile profile)
    {
        var perFile = new List<ScoredRow[]>(corpus.Count);
        var nullPerFile = new List<ScoredRow>();
        var all = new List<ScoredRow>();
        int windowId = 0;
        int labelledWindows = 0;
        for (int f = 0; f < corpus.Count; f++)
        {
            NabSeries series = corpus[f];
            ScoredRow[] rows = NabScorer.Rows(series, anomalyScores[f], profile, windowId);
            perFile.Add(rows);
            all.AddRange(rows);
            // NAB's null detector emits a constant 0.5 and gets its own optimised threshold.
            nullPerFile.AddRange(NabScorer.Rows(series, Constant(series.Length, 0.5), profile, windowId));
            windowId += series.Windows.Length;
            labelledWindows += series.Windows.Length;
        }

        (double threshold, double raw) = NabScorer.OptimiseThreshold(all, profile);
        (_, double nullScore) = NabScorer.OptimiseThreshold(nullPerFile, profile);
        double perfect = labelledWindows * profile.TpWeight;
        var files = new List<(string, FileScore)>(corpus.Count);
        for (int f = 0; f < corpus.Count; f++)
        {
            files.Add((corpus[f].RelativePath, NabScorer.ScoreAt(perFile[f], threshold, profile)));
        }

        return new ProfileResult(profile, threshold, raw, nullScore, perfect, files);
    }

    private static double[] Constant(int length, double value)
    {
        var scores = new double[length];
        Array.Fill(scores, value);
        return scores;
    }
}
