using IotStack.Detection.Statistics;

namespace IotStack.Detection.Tests.Statistics;

public sealed class RangeMarginTests
{
    [Fact]
    public void Observe_DuringWarmUp_ScoresZero()
    {
        var range = new RangeMargin(tolerance: 0.1, minSamples: 50, halfLifeSamples: 0);
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(0, range.Observe(i == 49 ? 1_000 : i % 10));
        }
    }

    [Fact]
    public void Observe_ValueWithinSeenRange_ScoresZero()
    {
        RangeMargin range = Trained();
        Assert.Equal(0, range.Observe(0));
        Assert.Equal(0, range.Observe(5));
        Assert.Equal(0, range.Observe(10));
    }

    [Fact]
    public void Observe_RecordByAHair_StaysBelowAlertLevel()
    {
        // Range 0..10, tolerance 10 % → margin 1: a record by 0.5 is half the margin.
        RangeMargin range = Trained();
        double score = range.Observe(10.5);
        Assert.InRange(score, 0.01, 0.49);
    }

    [Fact]
    public void Observe_JumpFarBeyondRange_ScoresMoreThanAtTheMargin()
    {
        RangeMargin atMargin = Trained();
        RangeMargin far = Trained();
        double marginScore = atMargin.Observe(-1);
        double farScore = far.Observe(30);
        Assert.Equal(0.5, marginScore, 6);
        Assert.True(farScore > 0.9, $"far score {farScore}");
    }

    [Fact]
    public void Observe_AfterAnExcursion_RangeIncludesIt()
    {
        RangeMargin range = Trained();
        Assert.True(range.Observe(20) > 0.5);
        Assert.Equal(0, range.Observe(19));
        Assert.Equal(20, range.High);
    }

    [Fact]
    public void Observe_WithForgetting_RangeShrinksTowardsRecentValues()
    {
        var range = new RangeMargin(tolerance: 0.1, minSamples: 1, halfLifeSamples: 100);
        range.Observe(0);
        range.Observe(100);
        for (int i = 0; i < 1_000; i++)
        {
            range.Observe(50);
        }

        Assert.InRange(range.High, 50, 51);
        Assert.InRange(range.Low, 49, 50);
    }

    [Fact]
    public void Reset_ForgetsRangeAndWarmUp()
    {
        RangeMargin range = Trained();
        range.Reset();
        Assert.Equal(0, range.Observe(1_000));
    }

    private static RangeMargin Trained()
    {
        var range = new RangeMargin(tolerance: 0.1, minSamples: 20, halfLifeSamples: 0);
        for (int i = 0; i < 100; i++)
        {
            range.Observe(i % 11);
        }

        return range;
    }
}
