using IotStack.Protocol;

namespace IotStack.Bench.Checks;

/// <summary>
/// The straightforward version of the on-chip checks, as a baseline: same rules, but mean and σ are
/// recomputed over the whole window (and a square root taken) for every sample.
/// </summary>
internal sealed class NaiveWindowCheck(int window, float min, float max, float maxRate, float k)
{
    private readonly double[] ring = new double[window];
    private int count;
    private int next;
    private bool hasPrevious;
    private long previousTime;
    private double previousValue;

    public int Evaluate(long timeMs, float value, Finding[] findings)
    {
        var n = 0;
        if (value > max || value < min)
        {
            findings[n++].Value = value;
        }

        if (hasPrevious && timeMs > previousTime && Math.Abs(value - previousValue) / ((timeMs - previousTime) / 1000.0) > maxRate)
        {
            findings[n++].Value = value;
        }

        if (count >= 3)
        {
            double sum = 0;
            for (var i = 0; i < count; i++)
            {
                sum += ring[i];
            }

            var mean = sum / count;
            double squares = 0;
            for (var i = 0; i < count; i++)
            {
                squares += (ring[i] - mean) * (ring[i] - mean);
            }

            var sigma = Math.Sqrt(Math.Max(squares / (count - 1), 1e-4));
            if (Math.Abs(value - mean) > k * sigma)
            {
                findings[n++].Value = value;
            }
        }

        ring[next] = value;
        next = (next + 1) % window;
        count = Math.Min(count + 1, window);
        hasPrevious = true;
        previousTime = timeMs;
        previousValue = value;
        return n;
    }
}
