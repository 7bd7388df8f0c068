using IotStack.Nab.Synthetic;

namespace IotStack.Nab.Tests.Synthetic;

public sealed class SyntheticGeneratorTests
{
    [Fact]
    public void Generate_SameSeed_SameSeries()
    {
        IReadOnlyList<SyntheticSeries> a = SyntheticGenerator.Generate(SyntheticGenerator.DevSeed);
        IReadOnlyList<SyntheticSeries> b = SyntheticGenerator.Generate(SyntheticGenerator.DevSeed);
        Assert.Equal(a.Count, b.Count);
        for (int s = 0; s < a.Count; s++)
        {
            Assert.Equal(a[s].Name, b[s].Name);
            Assert.Equal(a[s].Values, b[s].Values);
        }
    }

    [Fact]
    public void Generate_DevAndTestSeeds_DifferentDraws()
    {
        SyntheticSeries dev = SyntheticGenerator.Generate(SyntheticGenerator.DevSeed)[20];
        SyntheticSeries test = SyntheticGenerator.Generate(SyntheticGenerator.TestSeed)[20];
        Assert.NotEqual(dev.Values, test.Values);
    }

    [Fact]
    public void Generate_EveryFaultNoiseAndSeasonality_IsCovered()
    {
        IReadOnlyList<SyntheticSeries> set = SyntheticGenerator.Generate(SyntheticGenerator.DevSeed);
        foreach (FaultKind fault in Enum.GetValues<FaultKind>())
        {
            foreach (NoiseModel noise in Enum.GetValues<NoiseModel>())
            {
                Assert.Contains(set, s => s.Fault == fault && s.Noise == noise && s.Seasonal);
                Assert.Contains(set, s => s.Fault == fault && s.Noise == noise && !s.Seasonal);
            }
        }

        Assert.True(set.Select(s => s.PeriodMs).Distinct().Count() >= 3);
    }

    [Fact]
    public void Generate_FaultySeries_WindowStartsAtTheFaultAndCleanHasNone()
    {
        foreach (SyntheticSeries s in SyntheticGenerator.Generate(SyntheticGenerator.DevSeed))
        {
            if (s.Fault == FaultKind.None)
            {
                Assert.Equal(-1, s.FaultStart);
                Assert.DoesNotContain(Enumerable.Range(0, s.Length), s.InWindow);
                continue;
            }

            Assert.InRange(s.FaultStart, s.Length / 2, s.Length - 500);
            Assert.True(s.InWindow(s.FaultStart));
            Assert.False(s.InWindow(s.FaultStart - 1));
            Assert.InRange(s.WindowEnd, s.FaultStart + 1, s.Length);
        }
    }

    [Theory]
    [InlineData("Stuck")]
    [InlineData("Dropout")]
    public void Generate_StuckAndDropout_HoldOneValueFromTheFault(string name)
    {
        FaultKind fault = Enum.Parse<FaultKind>(name);
        SyntheticSeries s = SyntheticGenerator.Generate(SyntheticGenerator.DevSeed).First(x => x.Fault == fault);
        double held = s.Values[s.FaultStart];
        Assert.Equal(fault == FaultKind.Dropout ? 0 : s.Values[s.FaultStart - 1], held);
        Assert.Equal(held, s.Values[s.FaultStart + 4]);
    }

    [Theory]
    [InlineData("Gaussian")]
    [InlineData("Uniform")]
    [InlineData("Ar1")]
    [InlineData("StudentT")]
    public void Clean_EveryNoiseModel_HasUnitVariance(string noise)
    {
        SyntheticSeries s = SyntheticGenerator.Clean(Enum.Parse<NoiseModel>(noise), seasonal: false, 200_000, 60_000, 3);
        double mean = s.Values.Average();
        double variance = s.Values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, 49.9, 50.1);
        Assert.InRange(variance, 0.9, 1.1);
    }
}
