using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

public sealed class ThresholdDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.Threshold;

    protected override int DetectionDelay => 0;

    private protected override SeriesDetector Create() => new ThresholdDetector(new ThresholdOptions { Min = 15, Max = 35 });

    protected override double[] Faulty(int seed) => Signals.WithSpike(Signals.Sinusoid(Length, seed), FaultStart, 20);

    [Theory]
    [InlineData(14.999, true)]
    [InlineData(15, false)]
    [InlineData(35, false)]
    [InlineData(35.001, true)]
    public void Observe_LimitsAreInclusive(double value, bool anomaly)
    {
        var detector = new ThresholdDetector(new ThresholdOptions { Min = 15, Max = 35 });
        Assert.Equal(anomaly, detector.Observe(0, value).IsAnomaly);
    }

    [Fact]
    public void Observe_OnlyMax_HasNoLowerLimit()
    {
        var detector = new ThresholdDetector(new ThresholdOptions { Max = 1 });
        Assert.False(detector.Observe(0, -1e300).IsAnomaly);
        Assert.True(detector.Observe(0, 2).IsAnomaly);
    }
}
