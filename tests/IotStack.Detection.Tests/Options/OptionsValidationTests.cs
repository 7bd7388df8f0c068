using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Options;

public sealed class OptionsValidationTests
{
    [Fact]
    public void SigmaBand_NegativeK_MessageNamesParameterAndValue()
    {
        var error = Assert.Throws<ArgumentException>(() => new SigmaBandDetector(new SigmaBandOptions { K = -1 }));
        Assert.Contains("SigmaBand.K must be a finite number greater than 0 (was -1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RobustZ_SeveralErrors_AllReportedTogether()
    {
        var error = Assert.Throws<ArgumentException>(() => new RobustZDetector(new RobustZOptions { Window = 1, K = double.NaN }));
        Assert.Contains("RobustZ.Window must be at least 3 (was 1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("RobustZ.K must be", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1.5)]
    public void Ewma_AlphaOutsideUnitInterval_Rejected(double alpha)
    {
        var error = Assert.Throws<ArgumentException>(() => new EwmaDetector(new EwmaOptions { Alpha = alpha }));
        Assert.Contains("Ewma.Alpha must be in (0, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Threshold_MinAboveMax_Rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ThresholdDetector(new ThresholdOptions { Min = 5, Max = 1 }));
        Assert.Contains("Threshold.Min (5) must not be greater than Threshold.Max (1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Threshold_NoLimits_Rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ThresholdDetector(new ThresholdOptions()));
        Assert.Contains("Threshold needs Min, Max or both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rarity_PersistSamplesZero_Rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new DetectorSet(new ChannelDetectionSpec
        {
            RobustZ = new RobustZOptions(),
            Rarity = new RarityOptions { PersistSamples = 0 },
        }));
        Assert.Contains("Rarity.PersistSamples must be at least 1 (was 0)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_InvalidNestedOptions_DetectorSetRefusesWithAllErrors()
    {
        var spec = new ChannelDetectionSpec
        {
            Cusum = new CusumOptions { Threshold = 0 },
            Seasonal = new SeasonalOptions { Buckets = 1 },
            SuppressSamples = -1,
        };
        var error = Assert.Throws<ArgumentException>(() => new DetectorSet(spec));
        Assert.Contains("Cusum.Threshold", error.Message, StringComparison.Ordinal);
        Assert.Contains("Seasonal.Buckets must be at least 2 (was 1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("SuppressSamples must be at least 0 (was -1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rarity_ProbabilityOutsideOpenUnitInterval_Rejected()
    {
        IReadOnlyList<string> errors = new ChannelDetectionSpec { RobustZ = new RobustZOptions(), Rarity = new RarityOptions { AlertProbability = 1, Bins = 4 } }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Rarity.AlertProbability must be in (0, 1)", StringComparison.Ordinal));
        Assert.Contains("Rarity.Bins must be at least 8 (was 4)", errors);
    }

    [Fact]
    public void Spec_Defaults_AreValid()
    {
        Assert.Empty(ChannelDetectionSpec.Default.Validate());
        Assert.Empty(ChannelDetectionSpec.SeedRule.Validate());
    }

    [Fact]
    public void Spec_InvalidRangeMargin_ReportsEveryProblem()
    {
        var spec = new ChannelDetectionSpec { RangeMargin = new RangeMarginOptions { Tolerance = 0, MinSamples = 0, HalfLifeSamples = -1 } };
        IReadOnlyList<string> errors = spec.Validate();
        Assert.Contains(errors, e => e.StartsWith("RangeMargin.Tolerance", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RangeMargin.MinSamples", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RangeMargin.HalfLifeSamples", StringComparison.Ordinal));
    }

    [Fact]
    public void Spec_InvalidEpisodeAndYoungSeriesOptions_ReportEveryProblem()
    {
        var spec = new ChannelDetectionSpec
        {
            RobustZ = new RobustZOptions(),
            Rarity = new RarityOptions { YoungSamples = -1, YoungRatio = 0 },
            EpisodeQuietSamples = -5,
            EpisodeQuietScore = 1.5,
            WarningScore = 0.5,
            WarningSamples = -1,
        };
        IReadOnlyList<string> errors = spec.Validate();
        Assert.Contains(errors, e => e.StartsWith("Rarity.YoungSamples", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Rarity.YoungRatio", StringComparison.Ordinal));
        Assert.Contains("EpisodeQuietSamples must be at least 0 (was -5)", errors);
        Assert.Contains(errors, e => e.StartsWith("EpisodeQuietScore", StringComparison.Ordinal));
        Assert.Contains("WarningScore must be in [0, 0.5) (was 0.5)", errors);
        Assert.Contains("WarningSamples must be at least 0 (was -1)", errors);
    }

    [Fact]
    public void Spec_InvalidPrediction_ReportsEveryProblem()
    {
        var spec = new ChannelDetectionSpec { Prediction = new PredictionOptions { Order = 0, Forgetting = 1.5, K = 0, Alpha = 0, WarmupSamples = 1 } };
        IReadOnlyList<string> errors = spec.Validate();
        Assert.Contains("Prediction.Order must be at least 1 (was 0)", errors);
        Assert.Contains("Prediction.Forgetting must be in (0.9, 1] (was 1.5)", errors);
        Assert.Contains(errors, e => e.StartsWith("Prediction.K", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Prediction.Alpha", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Prediction.WarmupSamples", StringComparison.Ordinal));
        Assert.Contains("Prediction.Order must be at most 16 (was 17)", new ChannelDetectionSpec { Prediction = new PredictionOptions { Order = 17 } }.Validate());
    }
}
