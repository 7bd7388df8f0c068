using IotStack.Nab.Scoring;

namespace IotStack.Nab.Tests.Scoring;

public sealed class NabRulesTests
{
    [Theory]
    [InlineData(1243, 186)]
    [InlineData(4032, 604)]
    [InlineData(5000, 750)]
    [InlineData(22695, 750)]
    public void ProbationRows_FifteenPercentCappedAt750(int rows, int expected)
    {
        Assert.Equal(expected, NabRules.ProbationRows(rows));
    }

    [Theory]
    [InlineData(-1.0, 0.98661)]
    [InlineData(-0.5, 0.84828)]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, -0.98661)]
    [InlineData(3.0, -1.0)]
    [InlineData(3.5, -1.0)]
    public void ScaledSigmoid_MatchesNabReferencePoints(double position, double expected)
    {
        // Reference values from NAB's documentation of scaledSigmoid (nab/sweeper.py).
        Assert.Equal(expected, NabRules.ScaledSigmoid(position), 5);
    }
}
