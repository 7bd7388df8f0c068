using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

public sealed class RateOfChangeDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.RateOfChange;

    // The clean signals change by well under 2 units per minute.
    private protected override SeriesDetector Create() => new RateOfChangeDetector(new RateOfChangeOptions { MaxPerSecond = 2.0 / 60 });

    protected override double[] Faulty(int seed) => Signals.WithLevelShift(Signals.Sinusoid(Length, seed), FaultStart, 6);

    [Fact]
    public void Observe_UnevenSpacing_UsesElapsedTime()
    {
        var detector = new RateOfChangeDetector(new RateOfChangeOptions { MaxPerSecond = 1 });
        detector.Observe(0, 0);
        Assert.False(detector.Observe(10_000, 9).IsAnomaly); // 0.9/s after a 10 s gap
        Finding fast = detector.Observe(11_000, 11);          // 2/s
        Assert.True(fast.IsAnomaly);
        Assert.Equal(2, fast.Value, 9);
    }

    [Fact]
    public void Observe_RepeatedOrBackwardTimestamp_IsNotARate()
    {
        var detector = new RateOfChangeDetector(new RateOfChangeOptions { MaxPerSecond = 1 });
        detector.Observe(5_000, 0);
        Assert.False(detector.Observe(5_000, 100).IsAnomaly);
        Assert.False(detector.Observe(4_000, 100).IsAnomaly);
        Assert.False(detector.Observe(105_000, 50).IsAnomaly); // measured against the sample at 5 s
    }
}
