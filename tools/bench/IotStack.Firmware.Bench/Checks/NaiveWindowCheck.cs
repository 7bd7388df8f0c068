using IotStack.Protocol;

namespace IotStack.Bench.Checks;

/// <summary>
/// The straightforward version of the on-chip checks, as a baseline: same rules, but mean and σ are
/// recomputed over the whole window (and a square root taken) for every sample.
/// </summary>
internal sealed class NaiveWindowCheck(int window, float min, float max, float maxRate, float k)
{
    private readonly double[] _ring = new double[window];
    private int _count;
    private int _next;
    private bool _hasPrevious;
    private long _previousTime;
    private double _previousValue;

    public int Evaluate(long timeMs, float value, Finding[] findings)
    {
        var n = 0;
        if (value > max || value < min)
        {
            findings[n++].Value = value;
        }

        if (_hasPrevious && timeMs > _previousTime && Math.Abs(value - _previousValue) / ((timeMs - _previousTime) / 1000.0) > maxRate)
        {
            findings[n++].Value = value;
        }

        if (_count >= 3)
        {
            double sum = 0;
            for (var i = 0; i < _count; i++)
            {
                sum += _ring[i];
            }

            var mean = sum / _count;
            double squares = 0;
            for (var i = 0; i < _count; i++)
            {
                squares += (_ring[i] - mean) * (_ring[i] - mean);
            }

            var sigma = Math.Sqrt(Math.Max(squares / (_count - 1), 1e-4));
            if (Math.Abs(value - mean) > k * sigma)
            {
                findings[n++].Value = value;
            }
        }

        _ring[_next] = value;
        _next = (_next + 1) % window;
        _count = Math.Min(_count + 1, window);
        _hasPrevious = true;
        _previousTime = timeMs;
        _previousValue = value;
        return n;
    }
}
