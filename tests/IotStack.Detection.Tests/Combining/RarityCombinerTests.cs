using IotStack.Detection.Combining;
using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Combining;

public sealed class RarityCombinerTests
{
    private static RarityCombiner Combiner(int persist, bool lone = false, int youngSamples = 0) =>
        new(new RarityOptions { AlertProbability = 0.004, MinRuleScore = 0.3, PersistSamples = persist, YoungSamples = youngSamples, YoungFromSamples = youngSamples > 0 ? 48 : 0 },
            [new RobustZDetector(new RobustZOptions { Window = 48, K = 3 })], lone);

    private static StatisticalScore Feed(RarityCombiner combiner, double[] values, int until) => Feed(combiner, values, until, out _);

    // The last sample's combined score and the finding that set it (the quiet fallback when no rule decided).
    private static StatisticalScore Feed(RarityCombiner combiner, double[] values, int until, out Finding finding)
    {
        StatisticalScore last = default;
        finding = default;
        for (int i = 0; i <= until; i++)
        {
            finding = Finding.Quiet(DetectionRule.None, Signals.Time(i), values[i]);
            last = combiner.Observe(Signals.Time(i), values[i], ref finding);
        }

        return last;
    }

    [Fact]
    public void Observe_RecordAfterLongHistory_IsRareAndNamesItsRule()
    {
        double[] values = Signals.WithSpike(Signals.Sinusoid(1500, 3, amplitude: 0), 1200, 3);
        StatisticalScore score = Feed(Combiner(persist: 1), values, 1200, out Finding finding);
        Assert.True(score.Score >= Finding.AnomalyScore, $"score {score.Score}");
        Assert.Equal(DetectionRule.RobustZ, finding.Rule);
        Assert.True(score.RawMax >= finding.Score - 1e-12);
    }

    [Fact]
    public void Observe_PersistenceTwo_LoneRecordIsNotRareButItsLoneScoreIs()
    {
        double[] values = Signals.WithSpike(Signals.Sinusoid(1500, 3, amplitude: 0), 1200, 3);
        StatisticalScore score = Feed(Combiner(persist: 2, lone: true), values, 1200);
        Assert.True(score.Score < Finding.AnomalyScore, $"score {score.Score}");
        Assert.True(score.LoneScore >= Finding.AnomalyScore, $"lone score {score.LoneScore}");
    }

    [Fact]
    public void Observe_UsualSample_IsNotRare()
    {
        double[] values = Signals.Sinusoid(1500, 3, amplitude: 0);
        StatisticalScore score = Feed(Combiner(persist: 1), values, 1400);
        Assert.True(score.Score < 0.3, $"score {score.Score}");
    }

    [Fact]
    public void Observe_YoungSeries_WideMarginSpeaksBeforeRarityCan()
    {
        // 100 samples: far too few for a tail probability of 0.004, but a value far outside the band.
        double[] values = Signals.WithSpike(Signals.Sinusoid(200, 3, amplitude: 0), 100, 5);
        Assert.True(Feed(Combiner(persist: 1, youngSamples: 500), values, 100).Score >= Finding.AnomalyScore);
        Assert.True(Feed(Combiner(persist: 1), values, 100).Score < Finding.AnomalyScore);
    }

    [Fact]
    public void Reset_ForgetsTheHistory()
    {
        double[] values = Signals.WithSpike(Signals.Sinusoid(1500, 3, amplitude: 0), 1200, 3);
        RarityCombiner combiner = Combiner(persist: 1);
        Feed(combiner, values, 1199);
        combiner.Reset();
        // Rarity's warm-up starts again: nothing is rare for the first MinSamples samples.
        Finding finding = Finding.Quiet(DetectionRule.None, Signals.Time(1200), values[1200]);
        Assert.Equal(0, combiner.Observe(Signals.Time(1200), values[1200], ref finding).Score);
    }
}
