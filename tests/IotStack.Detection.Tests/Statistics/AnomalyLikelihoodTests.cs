using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Tests.Statistics;

public sealed class AnomalyLikelihoodTests
{
    private static readonly LikelihoodOptions Options = new() { ShortWindow = 10, HalfLifeSamples = 3000, MinSamples = 300, Decades = 10 };

    [Fact]
    public void Observe_DuringWarmUp_ScoresZero()
    {
        var likelihood = new AnomalyLikelihood(Options);
        for (int i = 0; i < Options.MinSamples; i++)
        {
            Assert.Equal(0, likelihood.Observe(i % 50 == 0 ? 1 : 0.1));
        }
    }

    [Fact]
    public void Observe_RawScoresFromItsOwnDistribution_RarelyReachTheAlertLevel()
    {
        // Calibration: with raw scores drawn from the learnt distribution, a score of 0.5 means a tail
        // probability of 1e-5 per sample, so in 20,000 samples at most a handful may reach it.
        var random = new Random(7);
        var likelihood = new AnomalyLikelihood(Options);
        int alerts = 0;
        for (int i = 0; i < 20_000; i++)
        {
            if (likelihood.Observe(Math.Clamp(0.2 + (0.05 * Normal(random)), 0, 1)) >= 0.5)
            {
                alerts++;
            }
        }

        Assert.InRange(alerts, 0, 3);
    }

    [Fact]
    public void Observe_SameRawScoresInNoisyAndQuietSeries_NoisyOneIsLessSurprised()
    {
        var random = new Random(3);
        var quiet = new AnomalyLikelihood(Options);
        var noisy = new AnomalyLikelihood(Options);
        for (int i = 0; i < 3000; i++)
        {
            quiet.Observe(0.1 + (0.02 * random.NextDouble()));
            noisy.Observe(random.NextDouble() < 0.1 ? 0.9 : 0.1);
        }

        double quietScore = 0;
        double noisyScore = 0;
        for (int i = 0; i < 5; i++)
        {
            quietScore = Math.Max(quietScore, quiet.Observe(0.9));
            noisyScore = Math.Max(noisyScore, noisy.Observe(0.9));
        }

        Assert.True(quietScore >= 0.5, $"quiet {quietScore}");
        Assert.True(noisyScore < quietScore, $"noisy {noisyScore} vs quiet {quietScore}");
    }

    [Fact]
    public void Observe_SustainedRiseAfterReset_LearnsAgainBeforeScoring()
    {
        var likelihood = new AnomalyLikelihood(Options);
        for (int i = 0; i < 1000; i++)
        {
            likelihood.Observe(0.1);
        }

        Assert.True(likelihood.Observe(1) > 0);
        likelihood.Reset();
        Assert.Equal(0, likelihood.Observe(1));
    }

    [Fact]
    public void Observe_RateGate_BurstySeriesAlertsRarelyButAQuietSeriesStillAlerts()
    {
        // Bursts of high raw scores every ~400 samples: the Gaussian fit of the short means alerts on many of
        // them; the rate gate lets the stage reach 0.5 only on scores it reaches on about 0.35 % of the samples.
        var gatedOptions = new LikelihoodOptions { ShortWindow = 10, HalfLifeSamples = 3000, MinSamples = 300, Decades = 10, RarityAlertProbability = 0.0035 };
        var random = new Random(11);
        var plain = new AnomalyLikelihood(Options);
        var gated = new AnomalyLikelihood(gatedOptions);
        int plainHigh = 0;
        int gatedHigh = 0;
        int burstLeft = 0;
        for (int i = 0; i < 20_000; i++)
        {
            if (burstLeft == 0 && random.NextDouble() < 1.0 / 400)
            {
                burstLeft = 5 + random.Next(10);
            }

            double raw = burstLeft > 0 ? 0.6 + (0.4 * random.NextDouble()) : 0.1 * random.NextDouble();
            burstLeft = Math.Max(0, burstLeft - 1);
            double p = plain.Observe(raw);
            double g = gated.Observe(raw);
            Assert.True(g <= p + 1e-12, $"gated {g} above plain {p} at {i}");
            plainHigh += p >= 0.5 ? 1 : 0;
            gatedHigh += g >= 0.5 ? 1 : 0;
        }

        Assert.True(gatedHigh < plainHigh / 2, $"gated {gatedHigh} vs plain {plainHigh}");

        var quiet = new AnomalyLikelihood(gatedOptions);
        for (int i = 0; i < 3000; i++)
        {
            quiet.Observe(0.1 + (0.02 * random.NextDouble()));
        }

        double score = 0;
        for (int i = 0; i < 5; i++)
        {
            score = Math.Max(score, quiet.Observe(0.9));
        }

        Assert.True(score >= 0.5, $"quiet series, first burst: {score}");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1)]
    [InlineData(double.NaN)]
    public void Validate_RarityAlertProbabilityOutsideZeroToOne_IsAnError(double probability)
    {
        var errors = new List<string>();
        new LikelihoodOptions { RarityAlertProbability = probability }.Validate(errors);
        Assert.Contains(errors, e => e.Contains("Likelihood.RarityAlertProbability", StringComparison.Ordinal));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
