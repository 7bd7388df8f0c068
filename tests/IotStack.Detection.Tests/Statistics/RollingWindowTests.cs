using IotStack.Detection.Statistics;

namespace IotStack.Detection.Tests.Statistics;

public sealed class RollingWindowTests
{
    [Theory]
    [InlineData(1, 17, 0.1)]
    [InlineData(2, 17, 0.1)]
    [InlineData(3, 17, 0.1)]
    [InlineData(4, 48, 0)]
    [InlineData(5, 48, 5)]
    [InlineData(6, 2, 0.1)]
    public void Add_RandomStream_StatisticsMatchNaiveComputationOverLastValues(int seed, int capacity, double quantum)
    {
        var random = new Random(seed);
        var window = new RollingWindow(capacity);
        var all = new List<double>();
        for (int i = 0; i < 500; i++)
        {
            // Repeats on purpose (quantum > 0): quantised sensors produce them and the ordered copy must cope.
            double raw = random.NextDouble() * 20;
            double v = quantum > 0 ? Math.Round(raw / quantum) * quantum : raw;
            window.Add(v);
            all.Add(v);
            double[] last = all.Skip(Math.Max(0, all.Count - capacity)).ToArray();
            double[] sorted = last.Order().ToArray();
            double median = Median(sorted);
            double mad = Median(last.Select(x => Math.Abs(x - median)).Order().ToArray());
            Assert.Equal(last.Average(), window.Mean, 9);
            Assert.Equal(median, window.Median, 12);
            Assert.Equal(mad, window.MedianAbsoluteDeviation(), 12);
            Assert.Equal(sorted[0], window.Min);
            Assert.Equal(sorted[^1], window.Max);
            Assert.Equal(v, window.Newest);
            if (last.Length > 1)
            {
                double sd = Math.Sqrt(last.Sum(x => (x - last.Average()) * (x - last.Average())) / (last.Length - 1));
                Assert.Equal(sd, window.StandardDeviation, 6);
            }
        }
    }

    [Fact]
    public void Ago_ReturnsValuesNewestFirst()
    {
        var window = new RollingWindow(3);
        foreach (double v in new double[] { 1, 2, 3, 4 })
        {
            window.Add(v);
        }

        Assert.Equal([4.0, 3.0, 2.0], [window.Ago(0), window.Ago(1), window.Ago(2)]);
    }

    [Fact]
    public void Constructor_CapacityBelowTwo_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RollingWindow(1));
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
