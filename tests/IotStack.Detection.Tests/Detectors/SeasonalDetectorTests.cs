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

    [Fact]
    public void Observe_FastSensorWithinItsFirstPeriod_NeverFiresHoweverManySamplesABucketHolds()
    {
        // A day-long season sampled every second: the first bucket alone holds 300 samples after five minutes.
        var detector = new SeasonalDetector(new SeasonalOptions { MinSeasons = 2 });
        var random = new Random(5);
        long start = 1_700_000_000_000;
        for (int i = 0; i < 3_600; i++)
        {
            detector.Observe(start + (i * 1000L), 22.8 + (0.001 * Signals.Gaussian(random)));
        }

        Assert.False(detector.Observe(start + 3_600_000, 30).IsAnomaly);

        // A day later the same bucket has a second season: now the jump is unusual for its phase.
        for (int i = 0; i < 3_600; i++)
        {
            detector.Observe(start + 86_400_000 + (i * 1000L), 22.8 + (0.001 * Signals.Gaussian(random)));
        }

        Assert.True(detector.Observe(start + 86_400_000 + 3_600_000, 30).IsAnomaly);
    }

    [Fact]
    public void SeasonalOffset_OnceTheProfileIsLearnt_IsThePhaseDeviationFromTheDayMean()
    {
        // 5-minute samples of 50 + 5·sin(phase): NaN until the rule first scores, then about 5·sin(phase) (the
        // learnt level at this phase less the mean of all phases' levels).
        var detector = new SeasonalDetector(new SeasonalOptions { K = 4, Alpha = 0.05 });
        var random = new Random(1);
        const int perDay = 288;
        for (int i = 0; i < 5 * perDay; i++)
        {
            double phase = 2 * Math.PI * i / perDay;
            detector.Observe(1_700_000_000_000 + (i * 300_000L), 50 + (5 * Math.Sin(phase)) + (0.1 * Signals.Gaussian(random)));
            if (i < perDay)
            {
                Assert.True(double.IsNaN(detector.SeasonalOffset), $"sample {i}");
            }
            else if (i >= 3 * perDay)
            {
                Assert.InRange(detector.SeasonalOffset, (5 * Math.Sin(phase)) - 0.3, (5 * Math.Sin(phase)) + 0.3);
            }
        }
    }

    [Fact]
    public void Explains_FractionsAroundTheExplainedOne_AnswerAsTheDivisionDoes()
    {
        // Fractions at, next to and near the explained fraction (where the division decides), and far from it
        // (where the bounds do), after every sample of a series whose fraction rises and falls.
        var detector = (SeasonalDetector)Create();
        double[] values = Signals.WithNoiseBurst(Signals.WithLevelShift(Signals.Sinusoid(2000, 11, amplitude: 1), 900, 3), 1500, 200, 2, 5);
        int explained = 0;
        int notExplained = 0;
        for (int i = 0; i < values.Length; i++)
        {
            detector.Observe(Signals.Time(i), values[i]);
            double fraction = detector.ExplainedFraction;
            double[] asked =
            [
                fraction, Math.BitIncrement(fraction), Math.BitDecrement(fraction), fraction * (1 + 1e-7), fraction * (1 - 1e-7),
                fraction * (1 + 1e-5), fraction * (1 - 1e-5), 0.5, 0.85, 0.99, 1 - (1.0 / 1024), Math.BitIncrement(1 - (1.0 / 1024)), 1, 1e-300,
            ];
            foreach (double wanted in asked)
            {
                bool expected = detector.ExplainedFraction >= wanted;
                Assert.True(expected == detector.Explains(wanted), $"sample {i}: fraction {fraction:R}, asked {wanted:R}");
                explained += expected ? 1 : 0;
                notExplained += expected ? 0 : 1;
            }
        }

        Assert.True(explained > 1000 && notExplained > 1000, $"{explained} explained, {notExplained} not");
    }
}
