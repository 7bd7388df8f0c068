using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

public sealed class SigmaBandDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.SigmaBand;

    // k = 2 flags ~5 % of Gaussian samples by design; the contract's clean signals need a wider band.
    private protected override SeriesDetector Create() => new SigmaBandDetector(new SigmaBandOptions { Window = 64, K = 5, MinSamples = 30 });

    protected override double[] Faulty(int seed) => Signals.WithSpike(Signals.Sinusoid(Length, seed), FaultStart, 8);

    [Fact]
    public void Observe_SeedSeries_FlagsOnlyTheSpike()
    {
        double[] series = [25.6, 26.2, 26.8, 27.3, 100.0, 26.5, 25.9];
        var detector = new SigmaBandDetector(new SigmaBandOptions { Window = 32, K = 2, MinSamples = 3 });
        var flagged = new List<double>();
        for (int i = 0; i < series.Length; i++)
        {
            Finding finding = detector.Observe(Signals.Time(i), series[i]);
            if (finding.IsAnomaly)
            {
                flagged.Add(finding.Value);
            }
        }

        Assert.Equal([100.0], flagged);
    }

    [Fact]
    public void Observe_SeedSeriesSpike_BandIsMeanPlusMinusTwoSigmaOfWindow()
    {
        double[] before = [25.6, 26.2, 26.8, 27.3];
        var detector = new SigmaBandDetector(new SigmaBandOptions { K = 2, MinSamples = 3 });
        for (int i = 0; i < before.Length; i++)
        {
            detector.Observe(Signals.Time(i), before[i]);
        }

        Finding finding = detector.Observe(Signals.Time(4), 100.0);
        double mean = before.Average();
        double sigma = Math.Sqrt(before.Sum(v => (v - mean) * (v - mean)) / (before.Length - 1));
        Assert.Equal(mean - (2 * sigma), finding.ExpectedLow, 9);
        Assert.Equal(mean + (2 * sigma), finding.ExpectedHigh, 9);
        Assert.Contains("100", finding.Explain(), StringComparison.Ordinal);
    }
}
