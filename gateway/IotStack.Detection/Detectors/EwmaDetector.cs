using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Detectors;

/// <summary>
/// Exponentially weighted mean and variance (Roberts 1959; incremental form per Finch 2009, "Incremental
/// calculation of weighted mean and variance" §9): O(1) memory, follows slow change, flags fast change.
/// </summary>
internal sealed class EwmaDetector : SeriesDetector
{
    private readonly EwmaOptions _options;
    private readonly LearningRate _rate;
    private ExponentialMoments _moments;
    private int _count;

    public EwmaDetector(EwmaOptions options)
    {
        options.ThrowIfInvalid();
        _options = options;
        _rate = new LearningRate(options.Alpha);
    }

    public override DetectionRule Rule => DetectionRule.Ewma;

    public override Finding Observe(long timestampMs, double value)
    {
        double score = Score(value, out double expectedLow, out double expectedHigh);
        return new Finding(Rule, timestampMs, value, expectedLow, expectedHigh, score);
    }

    /// <summary>
    /// <see cref="Observe"/> without building the finding: the score, and the band through <paramref name="expectedLow"/>
    /// and <paramref name="expectedHigh"/> (NaN when quiet). A non-virtual call for a combiner that knows this type.
    /// </summary>
    public double Score(double value, out double expectedLow, out double expectedHigh)
    {
        double score = 0;
        expectedLow = double.NaN;
        expectedHigh = double.NaN;
        if (_count == 0)
        {
            _moments.Mean = value;
            _count = 1;
            return score;
        }

        if (_count >= _options.WarmupSamples)
        {
            // MaxNative: one instruction (Math.Max orders NaN and ±0 in three); both are finite and ≥ +0.
            double sigma = double.MaxNative(Math.Sqrt(_moments.Variance), _options.MinSpread);
            double halfWidth = _options.K * sigma;
            double deviation = Math.Abs(value - _moments.Mean);
            double ratio = halfWidth > 0 ? deviation / halfWidth : (deviation > 0 ? double.PositiveInfinity : 0);
            expectedLow = _moments.Mean - halfWidth;
            expectedHigh = _moments.Mean + halfWidth;
            score = ScoreMap.FromRatio(ratio);
        }

        // During warm-up learn faster (1/n) so the first samples do not pin the mean.
        double alpha = _rate.For(_count + 1);
        _moments.Add(value, alpha);
        _count++;
        return score;
    }

    public override void Save(ref CheckpointWriter writer)
    {
        _moments.Save(ref writer);
        writer.Write(_count);
    }

    public override void Load(ref CheckpointReader reader)
    {
        _moments.Load(ref reader);
        _count = reader.ReadInt32(0, int.MaxValue, "EWMA samples");
    }

    public override void Reset()
    {
        _count = 0;
        _moments = default;
    }
}
