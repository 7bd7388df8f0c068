using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

public sealed class NoveltyDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.Novelty;

    private protected override SeriesDetector Create() => new NoveltyDetector(new NoveltyOptions());

    /// <summary>The level moves to where the series has never been (≈ 6σ above its usual swing).</summary>
    protected override double[] Faulty(int seed)
    {
        double[] values = Signals.Sinusoid(Length, seed);
        for (int i = FaultStart; i < Length; i++)
        {
            values[i] += 8;
        }

        return values;
    }

    [Fact]
    public void Observe_NewLevelThatPersists_BecomesFamiliar()
    {
        SeriesDetector detector = Create();
        double[] values = Faulty(4);
        double first = 0;
        double last = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double score = detector.Observe(Signals.Time(i), values[i]).Score;
            if (i == FaultStart)
            {
                first = score;
            }

            last = score;
        }

        Assert.True(first >= 0.5, $"first {first}");
        Assert.True(last < 0.2, $"after 500 samples at the new level: {last}");
    }

    [Fact]
    public void Observe_ValueInsideTheUsualRangeButRarelyVisited_ScoresAboveUsualValue()
    {
        // Bimodal: the series lives at 0 or 10; 5 lies between and has never been seen. Bins are σ/2 wide and
        // σ ≈ 5 here, so only the value's own bin counts as near.
        var detector = new NoveltyDetector(new NoveltyOptions { Neighbours = 0 });
        var random = new Random(5);
        for (int i = 0; i < 3000; i++)
        {
            detector.Observe(Signals.Time(i), (i / 50 % 2 == 0 ? 0 : 10) + (0.3 * Signals.Gaussian(random)));
        }

        Assert.True(detector.Observe(Signals.Time(3000), 5).IsAnomaly);
        Assert.False(detector.Observe(Signals.Time(3001), 10).IsAnomaly);
    }
}
