namespace IotStack.Detection.Tests;

/// <summary>Seeded synthetic signals: clean shapes and the faults the detectors are meant to catch.</summary>
internal static class Signals
{
    public const long StepMs = 60_000;

    public static long Time(int i) => 1_700_000_000_000 + (i * StepMs);

    /// <summary>25 + amplitude·sin(2πi/period) + N(0, noise).</summary>
    public static double[] Sinusoid(int length, int seed, double amplitude = 2, int period = 48, double noise = 0.2)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = 25 + (amplitude * Math.Sin(2 * Math.PI * i / period)) + (noise * Gaussian(random));
        }

        return values;
    }

    /// <summary>A slowly wandering level reflected inside [low, high], plus measurement noise.</summary>
    public static double[] RandomWalk(int length, int seed, double low = 20, double high = 30, double step = 0.01, double noise = 0.2)
    {
        var random = new Random(seed);
        var values = new double[length];
        double level = (low + high) / 2;
        for (int i = 0; i < length; i++)
        {
            level += step * Gaussian(random);
            if (level < low || level > high)
            {
                level = Math.Clamp((2 * Math.Clamp(level, low, high)) - level, low, high);
            }

            values[i] = level + (noise * Gaussian(random));
        }

        return values;
    }

    public static double[] WithSpike(double[] values, int at, double height)
    {
        double[] copy = (double[])values.Clone();
        copy[at] += height;
        return copy;
    }

    public static double[] WithLevelShift(double[] values, int from, double shift)
    {
        double[] copy = (double[])values.Clone();
        for (int i = from; i < copy.Length; i++)
        {
            copy[i] += shift;
        }

        return copy;
    }

    /// <summary>Adds slope·(i − from) from <paramref name="from"/> on.</summary>
    public static double[] WithDrift(double[] values, int from, double slope)
    {
        double[] copy = (double[])values.Clone();
        for (int i = from; i < copy.Length; i++)
        {
            copy[i] += slope * (i - from);
        }

        return copy;
    }

    public static double[] WithStuck(double[] values, int from, int length)
    {
        double[] copy = (double[])values.Clone();
        for (int i = from; i < from + length && i < copy.Length; i++)
        {
            copy[i] = copy[from];
        }

        return copy;
    }

    public static double[] WithNoiseBurst(double[] values, int from, int length, double noise, int seed)
    {
        var random = new Random(seed);
        double[] copy = (double[])values.Clone();
        for (int i = from; i < from + length && i < copy.Length; i++)
        {
            copy[i] += noise * Gaussian(random);
        }

        return copy;
    }

    public static double Gaussian(Random random)
    {
        // Box–Muller.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
