using IotStack.Nab.Corpus;
using IotStack.Nab.Scoring;

namespace IotStack.Nab.Tests.Scoring;

public sealed class NabScorerTests
{
    [Fact]
    public void Score_PerfectDetector_Scores100InEveryProfile()
    {
        IReadOnlyList<NabSeries> corpus = VendoredNab.Corpus();
        List<double[]> scores = corpus.Select(s => Detections(s, s.Windows.Select(w => w.StartRow))).ToList();
        foreach (NabProfile profile in NabProfile.All)
        {
            Assert.Equal(100, CorpusScorer.Score(corpus, scores, profile).NormalisedScore, 6);
        }
    }

    [Fact]
    public void Score_NullDetector_ScoresZero()
    {
        IReadOnlyList<NabSeries> corpus = VendoredNab.Corpus();
        List<double[]> scores = corpus.Select(s => Enumerable.Repeat(0.5, s.Length).ToArray()).ToList();
        foreach (NabProfile profile in NabProfile.All)
        {
            Assert.Equal(0, CorpusScorer.Score(corpus, scores, profile).NormalisedScore, 6);
        }
    }

    [Fact]
    public void Score_DetectorFiringEverywhereAtFixedThreshold_IsNegative()
    {
        IReadOnlyList<NabSeries> corpus = VendoredNab.Corpus();
        var all = new List<ScoredRow>();
        int id = 0;
        foreach (NabSeries s in corpus)
        {
            all.AddRange(NabScorer.Rows(s, Enumerable.Repeat(1.0, s.Length).ToArray(), NabProfile.Standard, id));
            id += s.Windows.Length;
        }

        FileScore everywhere = NabScorer.ScoreAt(all, 0.5, NabProfile.Standard);
        double nullScore = -NabProfile.Standard.FnWeight * id;
        Assert.True(everywhere.Raw < nullScore, $"raw {everywhere.Raw} vs null {nullScore}");
        Assert.Equal(id, everywhere.DetectedWindows);
    }

    [Fact]
    public void Score_EarlyDetection_EarnsMoreThanLateDetection()
    {
        NabSeries series = VendoredNab.Corpus().Single(s => s.Windows.Length == 1);
        NabWindow window = series.Windows[0];
        double early = FileRaw(series, Detections(series, [window.StartRow + 5]));
        double late = FileRaw(series, Detections(series, [window.EndRow - 5]));
        Assert.True(early > late, $"early {early} late {late}");
        Assert.True(late > -1, "a late detection still beats a miss");
    }

    [Fact]
    public void Score_FalsePositiveJustAfterWindow_CostsLessThanFarAway()
    {
        NabSeries series = VendoredNab.Corpus().Single(s => s.Windows.Length == 1);
        NabWindow window = series.Windows[0];
        int probation = NabRules.ProbationRows(series.Length);
        double near = FileRaw(series, Detections(series, [window.StartRow, window.EndRow + 2]));
        double far = FileRaw(series, Detections(series, [window.StartRow, series.Length - 1]));
        double none = FileRaw(series, Detections(series, [window.StartRow]));
        Assert.True(probation < window.StartRow);
        Assert.True(none > near && near > far, $"none {none} near {near} far {far}");
        Assert.Equal(-NabProfile.Standard.FpWeight, far - none, 6);
    }

    [Fact]
    public void Score_DetectionsInProbationaryPeriod_AreIgnored()
    {
        NabSeries series = VendoredNab.Corpus().Single(s => s.Windows.Length == 1);
        double quiet = FileRaw(series, new double[series.Length]);
        double early = FileRaw(series, Detections(series, Enumerable.Range(0, NabRules.ProbationRows(series.Length))));
        Assert.Equal(quiet, early);
        Assert.Equal(-1, quiet);
    }

    [Fact]
    public void OptimiseThreshold_PicksThresholdThatSeparatesWindowFromNoise()
    {
        NabSeries series = VendoredNab.Corpus().Single(s => s.Windows.Length == 1);
        var scores = new double[series.Length];
        scores[series.Windows[0].StartRow] = 0.9;   // true positive
        scores[series.Length - 1] = 0.8;             // false positive, weaker
        ScoredRow[] rows = NabScorer.Rows(series, scores, NabProfile.Standard, 0);
        (double threshold, double raw) = NabScorer.OptimiseThreshold(rows, NabProfile.Standard);
        Assert.Equal(0.9, threshold);
        Assert.Equal(1, raw, 6);
    }

    private static double[] Detections(NabSeries series, IEnumerable<int> rows)
    {
        var scores = new double[series.Length];
        foreach (int row in rows)
        {
            scores[row] = 1;
        }

        return scores;
    }

    private static double FileRaw(NabSeries series, double[] scores) =>
        NabScorer.ScoreAt(NabScorer.Rows(series, scores, NabProfile.Standard, 0), 0.5, NabProfile.Standard).Raw;
}
