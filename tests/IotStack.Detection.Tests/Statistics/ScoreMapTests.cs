using IotStack.Detection.Statistics;

namespace IotStack.Detection.Tests.Statistics;

public sealed class ScoreMapTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.8)]
    [InlineData(3, 0.9)]
    [InlineData(double.PositiveInfinity, 1)]
    public void FromRatio_CrossesHalfAtTheLimit(double ratio, double expected)
    {
        Assert.Equal(expected, ScoreMap.FromRatio(ratio), 12);
    }
}
