using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

public sealed class CusumDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.Cusum;

    protected override int DetectionDelay => 300;

    private protected override SeriesDetector Create() => new CusumDetector(new CusumOptions());

    // 0.01 per sample: after 100 samples the level has moved by 1, less than the sinusoid's own swing.
    protected override double[] Faulty(int seed) => Signals.WithDrift(Signals.Sinusoid(Length, seed), FaultStart, 0.01);

    [Fact]
    public void Observe_SlowDrift_PointRulesStayQuietWhileCusumFires()
    {
        double[] values = Signals.WithDrift(Signals.Sinusoid(Length, 5), FaultStart, 0.01);
        var cusum = new CusumDetector(new CusumOptions());
        var robust = new RobustZDetector(new RobustZOptions());
        bool cusumFired = false;
        bool robustFired = false;
        for (int i = 0; i < FaultStart + 300; i++)
        {
            cusumFired |= cusum.Observe(Signals.Time(i), values[i]).IsAnomaly;
            robustFired |= robust.Observe(Signals.Time(i), values[i]).IsAnomaly;
        }

        Assert.True(cusumFired);
        Assert.False(robustFired);
    }
}
