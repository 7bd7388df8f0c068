using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Detectors;

/// <summary>The seed rule: a value beyond mean ± k·σ of the previous <c>Window</c> samples.</summary>
internal sealed class SigmaBandDetector : SeriesDetector
{
    private readonly SigmaBandOptions _options;
    private readonly RollingWindow _window;

    public SigmaBandDetector(SigmaBandOptions options)
    {
        options.ThrowIfInvalid();
        _options = options;
        _window = new RollingWindow(options.Window);
    }

    public override DetectionRule Rule => DetectionRule.SigmaBand;

    public override Finding Observe(long timestampMs, double value)
    {
        Finding finding = Finding.Quiet(Rule, timestampMs, value);
        if (_window.Count >= _options.MinSamples)
        {
            double mean = _window.Mean;
            double sigma = _window.StandardDeviation;
            double halfWidth = _options.K * sigma;
            double deviation = Math.Abs(value - mean);
            double ratio = halfWidth > 0 ? deviation / halfWidth : (deviation > 0 ? double.PositiveInfinity : 0);
            finding = new Finding(Rule, timestampMs, value, mean - halfWidth, mean + halfWidth, ScoreMap.FromRatio(ratio));
        }

        _window.Add(value);
        return finding;
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
