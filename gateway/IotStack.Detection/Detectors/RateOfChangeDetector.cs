using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Detectors;

/// <summary>Physical plausibility: |Δvalue / Δt| above a configured maximum per second (e.g. a temperature cannot jump 20 °C in 1 s).</summary>
internal sealed class RateOfChangeDetector : SeriesDetector
{
    private readonly RateOfChangeOptions _options;
    private bool _hasPrevious;
    private long _previousMs;
    private double _previous;

    public RateOfChangeDetector(RateOfChangeOptions options)
    {
        options.ThrowIfInvalid();
        _options = options;
    }

    public override DetectionRule Rule => DetectionRule.RateOfChange;

    public override Finding Observe(long timestampMs, double value)
    {
        Finding finding = Finding.Quiet(Rule, timestampMs, value);
        // Repeated or backwards timestamps (clock changes) carry no rate; keep the older sample as reference.
        if (_hasPrevious && timestampMs > _previousMs)
        {
            double rate = (value - _previous) * 1000.0 / (timestampMs - _previousMs);
            double ratio = Math.Abs(rate) / _options.MaxPerSecond;
            finding = new Finding(Rule, timestampMs, rate, -_options.MaxPerSecond, _options.MaxPerSecond, ScoreMap.FromRatio(ratio));
        }

        if (!_hasPrevious || timestampMs > _previousMs)
        {
            _hasPrevious = true;
            _previousMs = timestampMs;
            _previous = value;
        }

        return finding;
    }

    public override void Save(ref CheckpointWriter writer)
    {
        writer.Write(_hasPrevious);
        writer.Write(_previousMs);
        writer.Write(_previous);
    }

    public override void Load(ref CheckpointReader reader)
    {
        _hasPrevious = reader.ReadBool();
        _previousMs = reader.ReadInt64();
        _previous = reader.ReadDouble();
    }

    public override void Reset() => _hasPrevious = false;
}
