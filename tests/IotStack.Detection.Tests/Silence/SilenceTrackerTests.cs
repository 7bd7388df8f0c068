using IotStack.Detection.Silence;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Detection.Tests.Silence;

public sealed class SilenceTrackerTests
{
    [Fact]
    public void Check_SilenceBeyondToleratedPeriods_IsMissingData()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var tracker = new SilenceTracker(expectedPeriodMs: 10_000, tolerance: 3);
        tracker.Observe(clock.GetUtcNow().ToUnixTimeMilliseconds());

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(tracker.Check(clock).IsAnomaly);

        clock.Advance(TimeSpan.FromSeconds(2));
        Finding finding = tracker.Check(clock);
        Assert.True(finding.IsAnomaly);
        Assert.Equal(DetectionRule.MissingData, finding.Rule);
        Assert.Equal(31_000, finding.Value);
        Assert.Contains("31000 ms", finding.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SampleArrivesAgain_Recovers()
    {
        var tracker = new SilenceTracker(10_000);
        tracker.Observe(0);
        Assert.True(tracker.Check(100_000).IsAnomaly);
        tracker.Observe(100_000);
        Assert.False(tracker.Check(105_000).IsAnomaly);
    }

    [Fact]
    public void Check_LearntPeriod_FollowsArrivals()
    {
        var tracker = new SilenceTracker(expectedPeriodMs: 0, tolerance: 3);
        for (long t = 0; t <= 600_000; t += 60_000)
        {
            tracker.Observe(t);
        }

        Assert.Equal(60_000, tracker.ExpectedPeriodMs, 6);
        Assert.False(tracker.Check(600_000 + 170_000).IsAnomaly);
        Assert.True(tracker.Check(600_000 + 190_000).IsAnomaly);
    }

    [Fact]
    public void Check_NothingSeenYet_IsQuiet()
    {
        Assert.False(new SilenceTracker(1000).Check(1_000_000).IsAnomaly);
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(1000, 0.5)]
    [InlineData(1000, double.NaN)]
    public void Constructor_InvalidArguments_Throw(long period, double tolerance)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SilenceTracker(period, tolerance));
    }
}
