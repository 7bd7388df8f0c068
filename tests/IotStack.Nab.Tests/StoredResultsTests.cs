using IotStack.Detection;
using IotStack.Nab.Corpus;
using IotStack.Nab.Scoring;

namespace IotStack.Nab.Tests;

public sealed class StoredResultsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"nab-stored-{Guid.NewGuid():N}");

    [Fact]
    public void Read_OwnResultsUnderNabPrefixedNames_ScoreExactlyAsTheLiveRun()
    {
        IReadOnlyList<NabSeries> corpus = VendoredNab.Corpus();
        var live = new List<double[]>();
        foreach (NabSeries series in corpus)
        {
            double[] scores = NabRunner.Detect(series, ChannelDetectionSpec.Default);
            live.Add(scores);
            NabRunner.WriteResult(series, scores, _dir);

            // NAB's own layout: results/<detector>/<category>/<detector>_<file>.csv
            string path = Path.Combine(_dir, series.RelativePath);
            File.Move(path, Path.Combine(Path.GetDirectoryName(path)!, "someDetector_" + Path.GetFileName(path)));
        }

        var stored = corpus.Select(s => StoredResults.Read(_dir, s)).ToList();

        for (int i = 0; i < corpus.Count; i++)
        {
            Assert.Equal(live[i], stored[i]);
        }

        Assert.Equal(CorpusScorer.Score(corpus, live, NabProfile.Standard).NormalisedScore, CorpusScorer.Score(corpus, stored, NabProfile.Standard).NormalisedScore);
    }

    [Fact]
    public void Read_ResultWithMissingRows_RefusedWithTheCounts()
    {
        NabSeries series = VendoredNab.Corpus()[0];
        string path = Path.Combine(_dir, series.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, ["timestamp,value,anomaly_score,label", $"{series.TimestampText[0]},1,0.5,0"]);

        var error = Assert.Throws<InvalidDataException>(() => StoredResults.Read(_dir, series));
        Assert.Contains($"1 rows, the data file has {series.Length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoResultFile_SaysWhichSeries()
    {
        NabSeries series = VendoredNab.Corpus()[0];
        var error = Assert.Throws<FileNotFoundException>(() => StoredResults.Read(_dir, series));
        Assert.Contains(series.RelativePath, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
