using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

public sealed class RobustZDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.RobustZ;

    private protected override SeriesDetector Create() => new RobustZDetector(new RobustZOptions());

    protected override double[] Faulty(int seed) => Signals.WithSpike(Signals.Sinusoid(Length, seed), FaultStart, 15);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Observe_NoiseBurst_Fires(int seed)
    {
        double[] values = Signals.WithNoiseBurst(Signals.Sinusoid(Length, seed), FaultStart, 50, 8, seed);
        var detector = new RobustZDetector(new RobustZOptions());
        int first = -1;
        for (int i = 0; i < values.Length && first < 0; i++)
        {
            first = detector.Observe(Signals.Time(i), values[i]).IsAnomaly ? i : -1;
        }

        Assert.InRange(first, FaultStart, FaultStart + 50);
    }

    [Fact]
    public void Observe_AfterSpike_SpikeDoesNotWidenBandMuch()
    {
        // Unlike mean ± kσ, one spike moves the median and MAD by at most one rank.
        var detector = new RobustZDetector(new RobustZOptions { Window = 32 });
        double[] values = Signals.Sinusoid(100, 4);
        for (int i = 0; i < 99; i++)
        {
            detector.Observe(Signals.Time(i), i == 90 ? 1000 : values[i]);
        }

        Finding next = detector.Observe(Signals.Time(99), 25);
        Assert.True(next.ExpectedHigh - next.ExpectedLow < 30, next.Explain());
    }
}
