using IotStack.Detection.Detectors;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Tests.Detectors;

public sealed class StuckAtDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.StuckAt;

    protected override int DetectionDelay => 40;

    private protected override SeriesDetector Create() => new StuckAtDetector(new StuckAtOptions { MinRunSamples = 30 });

    protected override double[] Faulty(int seed) => Signals.WithStuck(Signals.Sinusoid(Length, seed), FaultStart, 200);

    [Fact]
    public void Observe_SignalThatNeverVaried_IsNotStuck()
    {
        var detector = new StuckAtDetector(new StuckAtOptions { MinRunSamples = 5 });
        for (int i = 0; i < 500; i++)
        {
            Assert.False(detector.Observe(Signals.Time(i), 42).IsAnomaly);
        }
    }

    [Fact]
    public void Observe_SquareWaveWithUsualPlateaus_FiresOnlyOnLongerPlateau()
    {
        // Plateaus of 40 samples are the signal's shape; one of 120 is a fault.
        var detector = new StuckAtDetector(new StuckAtOptions { MinRunSamples = 10, RunGrowth = 1.5 });
        int i = 0;
        int? firstAnomaly = null;
        for (int plateau = 0; plateau < 20; plateau++)
        {
            int length = plateau == 15 ? 120 : 40;
            for (int j = 0; j < length; j++, i++)
            {
                if (detector.Observe(Signals.Time(i), plateau % 2 == 0 ? 20 : 80).IsAnomaly && firstAnomaly is null)
                {
                    firstAnomaly = i;
                }
            }
        }

        Assert.Equal((15 * 40) + 60 - 1, firstAnomaly);
    }

    [Fact]
    public void Observe_RunShorterThanMinDuration_DoesNotFire()
    {
        var detector = new StuckAtDetector(new StuckAtOptions { MinRunSamples = 3, RunGrowth = 0, MinRunMs = 10 * Signals.StepMs });
        detector.Observe(Signals.Time(0), 1);
        for (int i = 1; i < 10; i++)
        {
            Assert.False(detector.Observe(Signals.Time(i), 2).IsAnomaly);
        }

        Assert.True(detector.Observe(Signals.Time(11), 2).IsAnomaly);
    }

    [Theory]
    [InlineData(1.2, 41)]
    [InlineData(1.5, 40)]
    public void Observe_RunAroundHalfTheLimit_ScoresFromHalfOnly(double runGrowth, int longest)
    {
        // Limit = runGrowth × longest run (49.2 and 60): a run below half of it scores 0 (no division is made there),
        // one at or above it scores as the ratio says (0 exactly at half, rising after).
        var detector = new StuckAtDetector(new StuckAtOptions { MinRunSamples = 2, RunGrowth = runGrowth });
        int i = 0;
        for (; i < longest; i++)
        {
            detector.Observe(Signals.Time(i), 1);
        }

        double limit = runGrowth * longest;
        for (int run = 1; run < limit; run++, i++)
        {
            double score = detector.Observe(Signals.Time(i), 2).Score;
            double ratio = run / limit;
            Assert.Equal(ratio < 0.5 ? 0 : ScoreMap.FromRatio((ratio - 0.5) * 2), score);
            Assert.Equal(run > limit / 2, score > 0);
        }
    }
}
