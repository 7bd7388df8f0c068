using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Detectors;

/// <summary>
/// Robust z-score: distance from the rolling median in units of 1.4826·MAD (≈ σ for Gaussian data),
/// so one spike cannot widen its own band the way it widens mean ± σ.
/// </summary>
internal sealed class RobustZDetector : SeriesDetector
{
    // MAD of a normal distribution is 0.6745σ (Rousseeuw and Croux 1993).
    private const double MadToSigma = 1.4826;

    private readonly RobustZOptions _options;
    private readonly RollingWindow _window;

    public RobustZDetector(RobustZOptions options)
    {
        options.ThrowIfInvalid();
        _options = options;
        _window = new RollingWindow(options.Window);
    }

    public override DetectionRule Rule => DetectionRule.RobustZ;

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
        if (_window.Count >= _options.MinSamples)
        {
            double median = _window.Median;
            double spread = MadToSigma * _window.MedianAbsoluteDeviation(median);
            if (spread <= 0)
            {
                // More than half the window is one value (quantised or idle signal): fall back to σ.
                spread = _window.StandardDeviation;
            }

            // MaxNative: one instruction (Math.Max orders NaN and ±0 in three); both are finite and ≥ +0.
            spread = double.MaxNative(spread, _options.MinSpread);
            double halfWidth = _options.K * spread;
            double deviation = Math.Abs(value - median);
            double ratio = halfWidth > 0 ? deviation / halfWidth : (deviation > 0 ? double.PositiveInfinity : 0);
            expectedLow = median - halfWidth;
            expectedHigh = median + halfWidth;
            score = ScoreMap.FromRatio(ratio);
        }

        _window.Add(value);
        return score;
    }

    public override void Save(ref CheckpointWriter writer)
    {
        _window.Save(ref writer);
    }

    public override void Load(ref CheckpointReader reader)
    {
        _window.Load(ref reader);
    }

    public override void Reset() => _window.Clear();
}
