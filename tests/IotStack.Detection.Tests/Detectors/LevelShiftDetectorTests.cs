using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

/// <summary>The shift detector at short horizons: level and variance shifts.</summary>
public sealed class LevelShiftDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.LevelShift;

    protected override int DetectionDelay => 30;

    private protected override SeriesDetector Create() => new ShiftDetector(new ShiftOptions { K = 6 }, DetectionRule.LevelShift);

    // Three times the sinusoid's amplitude: the level moves outside everything its swing explains.
    protected override double[] Faulty(int seed) => Signals.WithLevelShift(Signals.Sinusoid(Length, seed), FaultStart, 6);

    [Fact]
    public void Observe_VibrationStepFromTheIssue_SaysWhereTheLevelMovedFromAndTo()
    {
        // A vibration channel whose mean steps from 0.215 to 0.367 and stays (noise σ 0.03).
        var random = new Random(7);
        var detector = new ShiftDetector(new ShiftOptions { K = 6 }, DetectionRule.LevelShift);
        Finding found = default;
        int at = -1;
        for (int i = 0; i < 3000 && at < 0; i++)
        {
            double value = (i < 2000 ? 0.215 : 0.367) + (0.03 * Signals.Gaussian(random));
            Finding f = detector.Observe(Signals.Time(i), value);
            if (f.IsAnomaly)
            {
                found = f;
                at = i;
            }
        }

        Assert.InRange(at, 2000, 2010);
        Assert.Equal(DetectionRule.LevelShift, found.Rule);
        Assert.StartsWith("anomaly: level moved from 0.21", found.Explain(), StringComparison.Ordinal);
        Assert.InRange(found.Value, 0.25, 0.4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Observe_NoiseGrowsThreefold_IsAVarianceShift(int seed)
    {
        var random = new Random(seed);
        var detector = new ShiftDetector(new ShiftOptions { K = 6 }, DetectionRule.LevelShift);
        Finding found = default;
        for (int i = 0; i < 3000 && !found.IsAnomaly; i++)
        {
            double value = 20 + ((i < 2000 ? 0.5 : 1.5) * Signals.Gaussian(random));
            found = detector.Observe(Signals.Time(i), value);
            Assert.True(i >= 2000 || !found.IsAnomaly, $"sample {i}: {found}");
        }

        Assert.True(found.Rule == DetectionRule.VarianceShift, found.Explain());
        Assert.Contains("noise σ grew from 0.", found.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_Ar1Wander_StaysQuietWhereWhiteNoiseRulesWouldNot()
    {
        // AR(1), φ = 0.95: the level wanders by several innovation σ; the long-run variance factor absorbs it.
        var random = new Random(3);
        var detector = new ShiftDetector(new ShiftOptions { K = 6 }, DetectionRule.LevelShift);
        double ar = 0;
        for (int i = 0; i < 50_000; i++)
        {
            ar = (0.95 * ar) + Signals.Gaussian(random);
            Assert.True(detector.Observe(Signals.Time(i), 10 + ar).Score < 0.8, $"sample {i}");
        }
    }

    [Fact]
    public void Observe_ConfirmedShift_OneFindingPerChange()
    {
        var random = new Random(4);
        var detector = new ShiftDetector(new ShiftOptions { K = 6 }, DetectionRule.LevelShift);
        int confirmed = 0;
        for (int i = 0; i < 6000; i++)
        {
            double value = (i < 2000 ? 10 : 13) + Signals.Gaussian(random);
            confirmed += detector.Observe(Signals.Time(i), value).IsAnomaly ? 1 : 0;
        }

        Assert.Equal(1, confirmed);
    }
}
