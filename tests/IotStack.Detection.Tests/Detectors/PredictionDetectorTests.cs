using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

public sealed class PredictionDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.Prediction;

    private protected override SeriesDetector Create() => new PredictionDetector(new PredictionOptions());

    protected override double[] Faulty(int seed) => Signals.WithLevelShift(Signals.Sinusoid(Length, seed), FaultStart, 10);

    [Fact]
    public void Observe_SampleAfterSpike_IsUnexpectedOnAnAutocorrelatedSeries()
    {
        // A smooth sinusoid: each value is well predicted by the previous ones, so after a spike the model
        // expects the spike to continue and the return to normal is itself a large prediction error.
        double[] values = Signals.Sinusoid(Length, seed: 4, noise: 0.02);
        values[FaultStart] += 3;
        var detector = new PredictionDetector(new PredictionOptions());
        var scores = new double[Length];
        for (int i = 0; i < Length; i++)
        {
            scores[i] = detector.Observe(Signals.Time(i), values[i]).Score;
        }

        Assert.True(scores[FaultStart] >= 0.5, $"spike scored {scores[FaultStart]}");
        Assert.True(scores[FaultStart + 1] >= 0.5, $"sample after the spike scored {scores[FaultStart + 1]}");
        Assert.True(scores[FaultStart - 1] < 0.5);
    }

    [Theory]
    [InlineData(1, 0.99)]
    [InlineData(2, 0.95)]
    public void Observe_UnrolledOrder4Fit_MatchesTheGeneralLoopToTheBit(int seed, double forgetting)
    {
        // The unrolled fit must do the same operations in the same order: NAB results depend on every bit.
        // A constant stretch makes the 0.95 fit restart, so the restart path is compared too.
        var options = new PredictionOptions { Order = 4, Forgetting = forgetting };
        var unrolled = new PredictionDetector(options);
        var general = new PredictionDetector(options, unrolled: false);
        double[] values = Signals.WithLevelShift(Signals.Sinusoid(Length, seed), FaultStart, 10);
        for (int i = 0; i < Length + 3000; i++)
        {
            double value = i < Length ? values[i] : 25;
            Finding a = unrolled.Observe(Signals.Time(i), value);
            Finding b = general.Observe(Signals.Time(i), value);
            Assert.Equal(BitConverter.DoubleToInt64Bits(b.Score), BitConverter.DoubleToInt64Bits(a.Score));
            Assert.Equal(BitConverter.DoubleToInt64Bits(b.ExpectedLow), BitConverter.DoubleToInt64Bits(a.ExpectedLow));
            Assert.Equal(BitConverter.DoubleToInt64Bits(b.ExpectedHigh), BitConverter.DoubleToInt64Bits(a.ExpectedHigh));
        }
    }

    [Fact]
    public void Observe_LongConstantStretch_StaysQuietAndFinite()
    {
        // Forgetting with a constant input blows up the RLS covariance; the fit restarts instead.
        var detector = new PredictionDetector(new PredictionOptions { Forgetting = 0.95 });
        for (int i = 0; i < 5000; i++)
        {
            Finding f = detector.Observe(Signals.Time(i), 25);
            Assert.Equal(0, f.Score);
        }

        // Once the series moves, the state stays finite.
        double[] moving = Signals.Sinusoid(1000, seed: 5);
        for (int i = 0; i < moving.Length; i++)
        {
            Assert.True(double.IsFinite(detector.Observe(Signals.Time(5000 + i), moving[i]).Score));
        }
    }
}
