using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

/// <summary>The shift detector at long horizons: slow drift that no single sample (and no short window) shows.</summary>
public sealed class DriftDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.Drift;

    protected override int DetectionDelay => 400;

    private protected override SeriesDetector Create() =>
        new ShiftDetector(new ShiftOptions { ShortSamples = 64, LongSamples = 1024, K = 6, Variance = false, WarmupSamples = 512 }, DetectionRule.Drift);

    // 0.02 per sample: the level leaves the sinusoid's swing only after a few hundred samples.
    protected override double[] Faulty(int seed) => Signals.WithDrift(Signals.Sinusoid(Length, seed), FaultStart, 0.02);

    [Fact]
    public void Observe_ThermocoupleDriftingOverMinutes_FoundAndExplained()
    {
        // A temperature read every second (σ 0.05 °C) drifting by 0.5 °C over 10 minutes.
        var random = new Random(11);
        var drift = new ShiftDetector(new ShiftOptions { ShortSamples = 128, LongSamples = 4096, K = 6, Variance = false, WarmupSamples = 2048 }, DetectionRule.Drift);
        int driftAt = -1;
        for (int i = 0; i < 6000; i++)
        {
            double value = 60 + (i < 4000 ? 0 : Math.Min(0.5, 0.5 * (i - 4000) / 600.0)) + (0.05 * Signals.Gaussian(random));
            Finding d = drift.Observe(i * 1000L, value);
            if (driftAt < 0 && d.IsAnomaly)
            {
                driftAt = i;
                Assert.StartsWith("anomaly: level drifted from 60", d.Explain(), StringComparison.Ordinal);
            }
        }

        Assert.InRange(driftAt, 4000, 4600);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observe_DriftOnASecondSensorWithADailySwing_Found(int seed)
    {
        // Read every second, a daily swing of ±5 σ is a slope the 4,096-sample reference lags by almost 2 σ, which
        // the learnt spread of the horizons' difference absorbs; a drift of 4 σ over 1,000 samples still stands out,
        // because the drift itself (past half the limit) does not widen that spread.
        var random = new Random(seed);
        var drift = new ShiftDetector(new ShiftOptions { ShortSamples = 128, LongSamples = 4096, K = 6, Variance = false, WarmupSamples = 2048 }, DetectionRule.Drift);
        const int driftAt = 3500;
        int first = -1;
        for (int i = 0; i < 6000 && first < 0; i++)
        {
            double value = 20 + (5 * Math.Sin((2 * Math.PI * i / 86_400.0) + 1)) + (4 * Math.Clamp((i - driftAt) / 1000.0, 0, 1)) + Signals.Gaussian(random);
            first = drift.Observe(i * 1000L, value).IsAnomaly ? i : -1;
        }

        Assert.InRange(first, driftAt, driftAt + 1200);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void Observe_OnBlockMeans_FindsTheThermocoupleDriftAndNothingBefore(int blockSamples)
    {
        // The default drift test runs on means of 4 samples (a quarter of the work): a drift over hundreds of samples
        // shows as well in them, a few samples later at most.
        var random = new Random(11);
        var drift = new ShiftDetector(new ShiftOptions { ShortSamples = 128, LongSamples = 4096, K = 6, WarmupSamples = 2048, BlockSamples = blockSamples }, DetectionRule.Drift);
        int driftAt = -1;
        for (int i = 0; i < 6000 && driftAt < 0; i++)
        {
            double value = 60 + (i < 4000 ? 0 : Math.Min(0.5, 0.5 * (i - 4000) / 600.0)) + (0.05 * Signals.Gaussian(random));
            driftAt = drift.Observe(i * 1000L, value).IsAnomaly ? i : -1;
        }

        Assert.InRange(driftAt, 4000, 4600);
    }
}
