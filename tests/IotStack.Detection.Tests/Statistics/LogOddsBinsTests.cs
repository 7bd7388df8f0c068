using IotStack.Detection.Statistics;

namespace IotStack.Detection.Tests.Statistics;

public sealed class LogOddsBinsTests
{
    [Theory]
    [InlineData(64, 4)]
    [InlineData(32, 2.5)]
    [InlineData(10, 1)]
    public void Bin_EveryScore_EqualsTheLogarithmFormula(int bins, double binsPerUnit)
    {
        LogOddsBins table = LogOddsBins.For(bins, binsPerUnit);
        var random = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            // Uniform scores and scores spread over the log-odds range (most rule scores are small).
            double score = (i & 1) == 0 ? random.NextDouble() : 1 / (1 + Math.Exp(-((random.NextDouble() * 24) - 12)));
            Assert.Equal(table.Formula(score), table.Bin(score));
        }

        foreach (double score in new[] { 0.0, -1, double.NaN, 1, 2, 0.5, double.Epsilon, Math.BitDecrement(1.0) })
        {
            Assert.Equal(table.Formula(score), table.Bin(score));
        }
    }

    [Fact]
    public void Bin_AroundEachEdge_ChangesExactlyThere()
    {
        LogOddsBins table = LogOddsBins.For(64, 4);
        for (int bin = 2; bin < 64; bin++)
        {
            double edge = table.FirstScore(bin);
            Assert.Equal(bin, table.Bin(edge));
            Assert.Equal(bin, table.Formula(edge));
            Assert.Equal(bin - 1, table.Bin(Math.BitDecrement(edge)));
            Assert.Equal(bin - 1, table.Formula(Math.BitDecrement(edge)));
        }
    }

    [Theory]
    [InlineData(64, 4)]
    [InlineData(10, 1)]
    public void BinWithHint_AnyHint_EqualsTheSearch(int bins, double binsPerUnit)
    {
        LogOddsBins table = LogOddsBins.For(bins, binsPerUnit);
        var random = new Random(11);
        var scores = new List<double> { 0.0, -1, double.NaN, 1, 2, double.Epsilon, Math.BitDecrement(1.0) };
        for (int bin = 2; bin < bins; bin++)
        {
            // Each edge and the double just below it: where a hint's neighbour check could be off by one.
            scores.Add(table.FirstScore(bin));
            scores.Add(Math.BitDecrement(table.FirstScore(bin)));
        }

        for (int i = 0; i < 20_000; i++)
        {
            scores.Add(1 / (1 + Math.Exp(-((random.NextDouble() * 24) - 12))));
        }

        foreach (double score in scores)
        {
            for (int hint = -1; hint <= bins; hint++)
            {
                Assert.Equal(table.Bin(score), table.Bin(score, hint));
            }
        }
    }
}
