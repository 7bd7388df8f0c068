using IotStack.Nab.Corpus;

namespace IotStack.Nab.Tests.Corpus;

public sealed class NabCorpusReaderTests
{
    [Fact]
    public void ReadAll_VendoredCorpus_ReadsEveryFileWithItsWindows()
    {
        IReadOnlyList<NabSeries> corpus = VendoredNab.Corpus();
        Assert.Equal(
            ["artificialNoAnomaly/art_daily_small_noise.csv", "realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv", "realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv"],
            corpus.Select(s => s.RelativePath));
        Assert.Equal([0, 1, 2], corpus.Select(s => s.Windows.Length));
        NabSeries iio = corpus[2];
        Assert.Equal(1243, iio.Length);
        // Window limits are inclusive timestamps; their rows carry exactly those timestamps.
        Assert.Equal("2013-10-10 10:35:00", iio.TimestampText[iio.Windows[0].StartRow]);
        Assert.Equal("2013-10-10 15:45:00", iio.TimestampText[iio.Windows[0].EndRow]);
    }

    [Fact]
    public void ReadSeries_WrongHeader_FailsWithFileName()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nab-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "time,val\n2014-01-01 00:00:00,1\n");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => NabCorpusReader.ReadSeries(path, "x.csv", []));
            Assert.Contains("expected header 'timestamp,value'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadSeries_UnevenAndRepeatedTimestamps_KeepsFileOrder()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nab-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,2\n2014-01-01 00:05:00,3\n2014-01-01 00:01:00,4\n");
        try
        {
            NabSeries series = NabCorpusReader.ReadSeries(path, "x.csv", [["2014-01-01 00:05:00.000000", "2014-01-01 00:05:00.000000"]]);
            Assert.Equal([1.0, 2, 3, 4], series.Values);
            Assert.Equal(new NabWindow(1, 1), series.Windows[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
