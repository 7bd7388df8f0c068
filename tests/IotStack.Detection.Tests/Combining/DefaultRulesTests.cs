using IotStack.Detection.Checkpoints;
using IotStack.Detection.Combining;
using IotStack.Detection.Detectors;
using IotStack.Detection.Options;
using IotStack.Detection.Tests.Checkpoints;

namespace IotStack.Detection.Tests.Combining;

public sealed class DefaultRulesTests
{
    // The default's rules in its order, with a seasonal period of 48 samples so that rule scores within the run.
    private static SeriesDetector[] Rules() =>
    [
        new RobustZDetector(new RobustZOptions { Window = 48, K = 3 }),
        new EwmaDetector(new EwmaOptions { Alpha = 0.1, K = 7 }),
        new CusumDetector(new CusumOptions { Slack = 0.5, Threshold = 8 }),
        new SeasonalDetector(new SeasonalOptions { K = 4, Alpha = 0.05, PeriodMs = 48 * Signals.StepMs, Buckets = 48 }),
        new PredictionDetector(new PredictionOptions { K = 3 }),
    ];

    [Fact]
    public void Match_DefaultRulesInOrder_OnlyThen()
    {
        SeriesDetector[] rules = Rules();
        Assert.NotNull(DefaultRules.Match(rules));
        Assert.Null(DefaultRules.Match([rules[1], rules[0], rules[2], rules[3], rules[4]]));
        Assert.Null(DefaultRules.Match(rules[..4]));
        Assert.Null(DefaultRules.Match([.. rules, new SigmaBandDetector(new SigmaBandOptions())]));
    }

    [Fact]
    public void Observe_DefaultRules_MatchTheVirtualCallsToTheBit()
    {
        // The same rules twice: called directly (the combiner recognises the default's set), and behind forwarding
        // rules (not recognised: one virtual call per rule, each building its whole finding). The seasonal rule stays
        // itself: the combiner finds it by type for seasonal dominance.
        SeriesDetector[] direct = Rules();
        SeriesDetector[] forwarded = Rules();
        var options = new RarityOptions
        {
            AlertProbability = 0.007, MinRuleScore = 0.3, HalfLifeSamples = 5000, MinSamples = 200, SeasonalDominance = 0.85,
            PersistSamples = 2, YoungSamples = 500, YoungFromSamples = 48, YoungRatio = 3,
        };
        var fast = new RarityCombiner(options, direct, loneScores: true);
        var slow = new RarityCombiner(options, [.. forwarded.Select(rule => rule is SeasonalDetector ? rule : new Forwarding(rule))], loneScores: true);

        double[] values = Signals.WithStuck(Signals.WithLevelShift(Signals.WithSpike(Signals.WithSpike(Signals.Sinusoid(3000, 7), 300, 4), 2000, 3), 2500, 2), 2800, 60);
        int decided = 0;
        var rulesDeciding = new HashSet<DetectionRule>();
        for (int i = 0; i < values.Length; i++)
        {
            long time = Signals.Time(i);
            Finding fastFinding = Finding.Quiet(DetectionRule.None, time, values[i]);
            Finding slowFinding = fastFinding;
            StatisticalScore fastScore = fast.Observe(time, values[i], ref fastFinding);
            StatisticalScore slowScore = slow.Observe(time, values[i], ref slowFinding);

            AssertSame(slowScore.Score, fastScore.Score, i);
            AssertSame(slowScore.RawMax, fastScore.RawMax, i);
            AssertSame(slowScore.RawSecond, fastScore.RawSecond, i);
            AssertSame(slowScore.LoneScore, fastScore.LoneScore, i);
            Assert.Equal(slowFinding.Rule, fastFinding.Rule);
            Assert.Equal(slowFinding.TimestampMs, fastFinding.TimestampMs);
            AssertSame(slowFinding.Value, fastFinding.Value, i);
            AssertSame(slowFinding.ExpectedLow, fastFinding.ExpectedLow, i);
            AssertSame(slowFinding.ExpectedHigh, fastFinding.ExpectedHigh, i);
            AssertSame(slowFinding.Score, fastFinding.Score, i);
            if (fastFinding.Rule != DetectionRule.None)
            {
                decided++;
                rulesDeciding.Add(fastFinding.Rule);
            }
        }

        // The comparison covered decided samples, young and old, from more than one rule.
        Assert.True(decided > 50, $"{decided} samples decided by a rule");
        Assert.True(rulesDeciding.Count >= 3, string.Join(", ", rulesDeciding));
        for (int i = 0; i < direct.Length; i++)
        {
            LearntState.AssertEqual(forwarded[i], direct[i]);
        }
    }

    private static void AssertSame(double expected, double actual, int sample) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"sample {sample}: {expected:R} against {actual:R}");

    private sealed class Forwarding(SeriesDetector rule) : SeriesDetector
    {
        public override DetectionRule Rule => rule.Rule;

        public override Finding Observe(long timestampMs, double value) => rule.Observe(timestampMs, value);

        public override void Reset() => rule.Reset();

        public override void Save(ref CheckpointWriter writer) => rule.Save(ref writer);

        public override void Load(ref CheckpointReader reader) => rule.Load(ref reader);
    }
}
