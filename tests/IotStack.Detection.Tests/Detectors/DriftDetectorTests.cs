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
}
