using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;

namespace IotStack.Detection.Detectors;

/// <summary>Static limits from the channel's configuration (datasheet range, process limits).</summary>
internal sealed class ThresholdDetector : SeriesDetector
{
    private readonly double _min;
    private readonly double _max;

    public ThresholdDetector(ThresholdOptions options)
    {
        options.ThrowIfInvalid();
        _min = options.Min ?? double.NegativeInfinity;
        _max = options.Max ?? double.PositiveInfinity;
    }

    public override DetectionRule Rule => DetectionRule.Threshold;

    public override Finding Observe(long timestampMs, double value)
    {
        double score = value < _min || value > _max ? 1 : 0;
        return new Finding(Rule, timestampMs, value, _min, _max, score);
    }

    public override void Save(ref CheckpointWriter writer)
    {
        // Static limits: nothing learnt.
    }

    public override void Load(ref CheckpointReader reader)
    {
        // Static limits: nothing learnt.
    }

    public override void Reset()
    {
    }
}
