using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

public sealed class SeasonalDetectorTests : SeriesDetectorContractTests
{
    private const int Period = 48;

    private protected override DetectionRule ExpectedRule => DetectionRule.Seasonal;

    protected override int DetectionDelay => Period;

    // The contract's sinusoid repeats every 48 one-minute samples.
    private protected override SeriesDetector Create() =>
        new SeasonalDetector(new SeasonalOptions { PeriodMs = Period * Signals.StepMs, Buckets = Period, MinSeasons = 3, SpreadAlpha = 0.01 });

    /// <summary>The daily peak does not come: the value stays at the mean for a whole period.</summary>
    protected override double[] Faulty(int seed)
    {
        double[] values = Signals.Sinusoid(Length, seed);
        var random = new Random(seed);
        for (int i = FaultStart; i < FaultStart + Period; i++)
        {
            values[i] = 25 + (0.2 * Signals.Gaussian(random));
        }

        return values;
    }

    [Fact]
    public void Observe_PeakAtItsUsualTime_IsNormalButSameValueOffPhaseIsNot()
    {
        SeriesDetector detector = Create();
        double[] values = Signals.Sinusoid(1000, 7);
        for (int i = 0; i < values.Length; i++)
        {
            detector.Observe(Signals.Time(i), values[i]);
        }

        // Index 1008 is phase 0 (value ≈ 25); 1020 is the peak phase (≈ 27).
        Assert.False(detector.Observe(Signals.Time(1020), 27).IsAnomaly);
        Assert.True(detector.Observe(Signals.Time(1032), 27).IsAnomaly);
    }
}
