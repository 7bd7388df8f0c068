using IotStack.Detection.Combining;

namespace IotStack.Detection.Tests.Combining;

public sealed class WarningLimiterTests
{
    [Fact]
    public void Limit_WarningsInsideSpan_OnlyTheFirstIsReported()
    {
        var limiter = new WarningLimiter(warningScore: 0.3, warningSamples: 5);
        Assert.Equal(0.4, limiter.Limit(0.4));
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(0, limiter.Limit(0.45));
        }

        Assert.Equal(0.35, limiter.Limit(0.35));
    }

    [Fact]
    public void Limit_AlertsAndQuietScores_PassUnchanged()
    {
        var limiter = new WarningLimiter(warningScore: 0.3, warningSamples: 100);
        Assert.Equal(0.2, limiter.Limit(0.2));
        Assert.Equal(0.9, limiter.Limit(0.9));
        Assert.Equal(0.8, limiter.Limit(0.8));
        Assert.Equal(0.29, limiter.Limit(0.29));
    }

    [Fact]
    public void Limit_AfterAnAlert_WarningIsARepeat()
    {
        var limiter = new WarningLimiter(warningScore: 0.3, warningSamples: 100);
        limiter.Limit(0.9);
        Assert.Equal(0, limiter.Limit(0.4));
    }

    [Theory]
    [InlineData(0.49, 0)]
    [InlineData(0.5, 0.3)]
    [InlineData(1, 0.4999)]
    public void LoneWarning_RarityScore_MapsIntoTheWarningBand(double loneScore, double expected)
    {
        var limiter = new WarningLimiter(warningScore: 0.3, warningSamples: 100);
        Assert.Equal(expected, limiter.LoneWarning(loneScore), 10);
    }

    [Fact]
    public void Reset_ForgetsTheSpan()
    {
        var limiter = new WarningLimiter(warningScore: 0.3, warningSamples: 100);
        limiter.Limit(0.4);
        limiter.Reset();
        Assert.Equal(0.4, limiter.Limit(0.4));
    }
}
