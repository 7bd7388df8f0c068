using IotStack.Detection.Statistics;

namespace IotStack.Detection.Tests.Statistics;

public sealed class RarityTrackerTests
{
    [Fact]
    public void Observe_DuringWarmUp_ReportsNothingRare()
    {
        var tracker = new RarityTracker(64, 4, 10_000, minSamples: 50);
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(1, tracker.Observe(i == 10 ? 0.99 : 0.1));
        }
    }

    [Fact]
    public void Observe_ScoreAboveAllHistory_IsRareAndUsualScoreIsNot()
    {
        var random = new Random(1);
        var tracker = new RarityTracker(64, 4, 10_000, minSamples: 50);
        for (int i = 0; i < 2000; i++)
        {
            tracker.Observe(0.05 + (0.1 * random.NextDouble()));
        }

        Assert.True(tracker.Observe(0.1) > 0.2);
        Assert.True(tracker.Observe(0.9) < 1e-3);
    }

    [Fact]
    public void Observe_HigherScore_NeverLessRare()
    {
        var random = new Random(2);
        var tracker = new RarityTracker(64, 4, 10_000, minSamples: 10);
        for (int i = 0; i < 1000; i++)
        {
            tracker.Observe(random.NextDouble());
        }

        // Probe without learning bias: compare fresh copies fed the same history.
        double previous = 1;
        foreach (double score in new[] { 0.1, 0.3, 0.5, 0.7, 0.9, 0.99 })
        {
            var probe = new RarityTracker(64, 4, 10_000, minSamples: 10);
            var replay = new Random(2);
            for (int i = 0; i < 1000; i++)
            {
                probe.Observe(replay.NextDouble());
            }

            double p = probe.Observe(score);
            Assert.True(p <= previous, $"p({score}) = {p} > {previous}");
            previous = p;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Observe_RecordsOfGrowingMargin_NeverLessRare(double tailExponent)
    {
        double previous = 1;
        foreach (double score in new[] { 0.2, 0.5, 0.9, 0.99, 0.9999, 0.999999, 1.0 })
        {
            var tracker = new RarityTracker(64, 4, 10_000, minSamples: 10, tailExponent: tailExponent);
            var random = new Random(3);
            for (int i = 0; i < 1000; i++)
            {
                tracker.Observe(0.05 * random.NextDouble());
            }

            double p = tracker.Observe(score);
            Assert.True(p <= previous, $"p({score}) = {p} > {previous}");
            previous = p;
        }
    }

    [Fact]
    public void Observe_WithTailFit_BigRecordRarerThanOneInHistory()
    {
        var plain = new RarityTracker(64, 4, 10_000, minSamples: 10, tailExponent: 0);
        var fitted = new RarityTracker(64, 4, 10_000, minSamples: 10, tailExponent: 1);
        var random = new Random(4);
        for (int i = 0; i < 1000; i++)
        {
            double s = 0.3 * random.NextDouble();
            plain.Observe(s);
            fitted.Observe(s);
        }

        Assert.InRange(plain.Observe(0.99), 1e-4, 2e-3);
        Assert.True(fitted.Observe(0.99) < 1e-4);
    }

    [Fact]
    public void Learn_ScoresBelowTheLowestAsked_GiveTheSameTailProbabilities()
    {
        // Lumping low scores into one bin is exact for the counted tail: queries read only their bin and above.
        var exact = new RarityTracker(64, 4, 2_000, minSamples: 50, tailExponent: 0);
        var lumped = new RarityTracker(64, 4, 2_000, minSamples: 50, tailExponent: 0, lowestAsked: 0.3);
        var random = new Random(3);
        for (int i = 0; i < 20_000; i++)
        {
            double score = random.NextDouble() * random.NextDouble();
            if (score >= 0.3)
            {
                Assert.Equal(exact.Observe(score), lumped.Observe(score));
            }
            else
            {
                exact.Learn(score);
                lumped.Learn(score);
            }
        }
    }

    [Fact]
    public void Observe_TrackersOnASharedClock_SameProbabilitiesAsOnTheirOwn()
    {
        // Three trackers that each learn one score per step share one forgetting clock (the rarity combiner's rules):
        // every probability must equal that of a tracker with its own clock, through rescales of the weights too
        // (half-life 50 samples: the weight passes 1e20 after about 3,300 samples), lumped quiet scores included.
        var clock = new DecayClock(50);
        var shared = new RarityTracker[3];
        var own = new RarityTracker[3];
        for (int t = 0; t < 3; t++)
        {
            shared[t] = new RarityTracker(64, 4, 50, minSamples: 20, tailExponent: 0, lowestAsked: 0.3, clock: clock);
            own[t] = new RarityTracker(64, 4, 50, minSamples: 20, tailExponent: 0, lowestAsked: 0.3);
        }

        var random = new Random(2);
        for (int i = 0; i < 10_000; i++)
        {
            for (int t = 0; t < 3; t++)
            {
                double score = random.NextDouble();
                if (score >= 0.3)
                {
                    Assert.Equal(own[t].Observe(score), shared[t].Observe(score));
                }
                else
                {
                    own[t].Learn(score);
                    shared[t].Learn(score);
                }
            }

            clock.Tick();
        }
    }
}
