using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Detectors;

/// <summary>
/// Stuck-at / flatline: the value has stayed within ±Tolerance for longer than allowed. "Longer than allowed"
/// is the larger of the configured minimum and <c>RunGrowth</c> × the longest run seen before, so a signal
/// whose normal shape has plateaus (a square wave) is not flagged; a signal that never varied is never "stuck".
/// </summary>
internal sealed class StuckAtDetector : SeriesDetector
{
    private readonly StuckAtOptions _options;
    private double _runValue;
    private long _runStartMs;
    private int _runLength;
    private int _longestRun;
    private bool _hasVaried;

    public StuckAtDetector(StuckAtOptions options)
    {
        options.ThrowIfInvalid();
        _options = options;
    }

    public override DetectionRule Rule => DetectionRule.StuckAt;

    public override Finding Observe(long timestampMs, double value)
    {
        if (_runLength > 0 && Math.Abs(value - _runValue) <= _options.Tolerance)
        {
            _runLength++;
        }
        else
        {
            if (_runLength > 0)
            {
                _hasVaried = true;
                _longestRun = Math.Max(_longestRun, _runLength);
            }

            _runValue = value;
            _runStartMs = timestampMs;
            _runLength = 1;
        }

        if (!_hasVaried)
        {
            return Finding.Quiet(Rule, timestampMs, value);
        }

        // MaxNative: one instruction (Math.Max orders NaN and ±0 in three); both are finite and ≥ +0.
        double allowed = double.MaxNative(_options.MinRunSamples, _options.RunGrowth * _longestRun);
        // Scores rise from 0.5 at the limit; below the limit stay under 0.5 and only grow in the last half. A run under
        // half the limit (most samples) scores 0 without the division: run < allowed / 2 exactly when the rounded
        // run / allowed < 0.5 (twice the run, an integer, is then at least one ulp of the limit below it, so the
        // quotient is at least one ulp of 0.5 below 0.5 before rounding), and the 0.99 cap keeps a ratio above 0.5.
        double score = 0;
        if (!(_runLength < 0.5 * allowed))
        {
            double ratio = _runLength / allowed;
            if (_options.MinRunMs > 0 && timestampMs - _runStartMs < _options.MinRunMs)
            {
                ratio = Math.Min(ratio, 0.99);
            }

            score = ratio < 0.5 ? 0 : ScoreMap.FromRatio((ratio - 0.5) * 2);
        }
        return new Finding(Rule, timestampMs, value, _runValue - _options.Tolerance, _runValue + _options.Tolerance, score);
    }

    public override void Save(ref CheckpointWriter writer)
    {
        writer.Write(_runValue);
        writer.Write(_runStartMs);
        writer.Write(_runLength);
        writer.Write(_longestRun);
        writer.Write(_hasVaried);
    }

    public override void Load(ref CheckpointReader reader)
    {
        _runValue = reader.ReadDouble();
        _runStartMs = reader.ReadInt64();
        _runLength = reader.ReadInt32(0, int.MaxValue, "stuck run length");
        _longestRun = reader.ReadInt32(0, int.MaxValue, "longest stuck run");
        _hasVaried = reader.ReadBool();
    }

    public override void Reset()
    {
        _runLength = 0;
        _longestRun = 0;
        _hasVaried = false;
    }
}
