using IotStack.Detection.Statistics;

namespace IotStack.Detection.Tests.Statistics;

public sealed class GaussianTailTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.1586552539)]
    [InlineData(2.0, 0.0227501319)]
    [InlineData(3.0, 0.0013498980)]
    [InlineData(-1.0, 0.8413447461)]
    [InlineData(-3.0, 0.9986501020)]
    public void LogUpper_StandardNormalTable_Matches(double z, double tail)
    {
        Assert.Equal(tail, Math.Exp(GaussianTail.LogUpper(z)), 6);
    }

    [Fact]
    public void LogUpper_FarTail_StaysFiniteAndMatchesAsymptote()
    {
        // Mills ratio: Q(z) ≈ φ(z)/z for large z, so ln Q(40) ≈ −800 − ln(40·√(2π)).
        double expected = (-40.0 * 40 / 2) - Math.Log(40 * Math.Sqrt(2 * Math.PI));
        Assert.Equal(expected, GaussianTail.LogUpper(40), 2);
    }

    [Fact]
    public void LogUpper_IncreasingZ_NeverIncreases()
    {
        double previous = 0;
        for (double z = -8; z <= 30; z += 0.01)
        {
            double log = GaussianTail.LogUpper(z);
            Assert.True(log <= previous + 1e-12, $"z = {z}");
            previous = log;
        }
    }

    [Fact]
    public void LogUpper_TableRange_MatchesFormulaWellWithinItsOwnError()
    {
        // The formula's fractional error is 1.2e-7, i.e. about that much on ln Q. The table holds its values at the
        // points and follows the true slope between them, so it may part from the formula by the formula's own wiggle
        // (about 6e-8), never by more than the formula's error.
        double worst = 0;
        for (double z = -8.5; z <= 8.5; z += 0.0013)
        {
            worst = Math.Max(worst, Math.Abs(GaussianTail.LogUpper(z) - GaussianTail.Formula(z)));
        }

        Assert.True(worst < 1.2e-7, $"largest difference {worst}");
    }
}
