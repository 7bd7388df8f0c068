namespace IotStack.Nab.Synthetic;

/// <summary>
/// Labelled synthetic series for an evaluation that cannot be overfitted by accident: every fault kind on every
/// noise model, flat and with a daily cycle, at sampling periods from 1 s to 5 min, sizes drawn at random. Tune
/// on <see cref="DevSeed"/>; <see cref="TestSeed"/> is only for reporting (docs/detection.md).
/// </summary>
internal static class SyntheticGenerator
{
    public const int DevSeed = 1;
    public const int TestSeed = 20_261_206;
    public const int SeriesLength = 5000;

    /// <summary>Sampling periods drawn per series: fast (1 s, 10 s) and slow sensors (1 min, 5 min).</summary>
    public static readonly long[] PeriodsMs = [1_000, 10_000, 60_000, 300_000];

    private const long DayMs = 86_400_000;
    private const long StartMs = 1_700_000_000_000;
    private const int Repeats = 2;

    // Level shifts and drifts get more series, so each noise model (AR(1), daily cycle, …) has its own row.
    private const int LevelRepeats = 4;

    /// <summary>The set for one seed: each fault kind × noise model × (flat, daily) × 2 (level shift and drift × 4), in a fixed order.</summary>
    public static IReadOnlyList<SyntheticSeries> Generate(int seed)
    {
        var random = new Random(seed);
        var set = new List<SyntheticSeries>();
        foreach (FaultKind fault in Enum.GetValues<FaultKind>())
        {
            foreach (NoiseModel noise in Enum.GetValues<NoiseModel>())
            {
                foreach (bool seasonal in new[] { false, true })
                {
                    int repeats = fault is FaultKind.LevelShift or FaultKind.Drift ? LevelRepeats : Repeats;
                    for (int rep = 0; rep < repeats; rep++)
                    {
                        long period = PeriodsMs[random.Next(PeriodsMs.Length)];
                        string name = $"{fault}-{noise}-{(seasonal ? "daily" : "flat")}-{period / 1000}s-{rep}";
                        set.Add(Series(name, fault, noise, seasonal, period, SeriesLength, random.Next()));
                    }
                }
            }
        }

        return set;
    }

    /// <summary>A clean series (no fault): level 50, σ 1, daily amplitude 3 σ when seasonal.</summary>
    public static SyntheticSeries Clean(NoiseModel noise, bool seasonal, int length, long periodMs, int seed)
    {
        var random = new Random(seed);
        var source = new NoiseSource(noise, random);
        var times = new long[length];
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            times[i] = StartMs + (i * periodMs);
            values[i] = 50 + (seasonal ? Daily(times[i], 3, 0) : 0) + source.Next();
        }

        return new SyntheticSeries($"clean-{noise}-{(seasonal ? "daily" : "flat")}", FaultKind.None, noise, seasonal, periodMs, times, values, -1, -1);
    }

    private static SyntheticSeries Series(string name, FaultKind fault, NoiseModel noise, bool seasonal, long periodMs, int length, int seed)
    {
        var random = new Random(seed);
        var source = new NoiseSource(noise, random);
        double level = 20 + (80 * random.NextDouble());
        double sigma = level * (0.005 + (0.045 * random.NextDouble()));
        double amplitude = seasonal ? sigma * (2 + (4 * random.NextDouble())) : 0;
        double phase = 2 * Math.PI * random.NextDouble();
        int start = fault == FaultKind.None ? -1 : (length / 2) + random.Next(length / 7);
        (int duration, double size) = Draw(fault, random);
        double sign = random.Next(2) == 0 ? -1 : 1;
        // Persistent changes stay to the end; a detector has 500 samples after the change completes to see it.
        int windowEnd = fault switch
        {
            FaultKind.None => -1,
            FaultKind.LevelShift or FaultKind.VarianceChange => start + 500,
            FaultKind.Drift => start + duration + 500,
            _ => start + duration + 50,
        };
        var times = new long[length];
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            times[i] = StartMs + (i * periodMs);
            double clean = level + Daily(times[i], amplitude, phase);
            double noiseValue = sigma * source.Next();
            int since = start < 0 ? -1 : i - start;
            values[i] = fault switch
            {
                _ when since < 0 => clean + noiseValue,
                FaultKind.LevelShift => clean + (sign * size * sigma) + noiseValue,
                FaultKind.Drift => clean + (sign * size * sigma * Math.Min(1.0, (double)since / duration)) + noiseValue,
                FaultKind.VarianceChange => clean + (size * noiseValue),
                FaultKind.Stuck when since < duration => values[start - 1],
                FaultKind.Spike when since < duration => clean + (sign * size * sigma) + noiseValue,
                FaultKind.Dropout when since < duration => 0,
                _ => clean + noiseValue,
            };
        }

        return new SyntheticSeries(name, fault, noise, seasonal, periodMs, times, values, start, Math.Min(windowEnd, length));
    }

    // (duration in samples, size in σ or, for a variance change, the factor).
    private static (int Duration, double Size) Draw(FaultKind fault, Random random) => fault switch
    {
        FaultKind.LevelShift => (0, 2 + (3 * random.NextDouble())),
        FaultKind.Drift => (300 + random.Next(1201), 3 + (5 * random.NextDouble())),
        FaultKind.VarianceChange => (0, 2.5 + (1.5 * random.NextDouble())),
        FaultKind.Stuck => (100 + random.Next(301), 0),
        FaultKind.Spike => (1 + random.Next(3), 6 + (4 * random.NextDouble())),
        FaultKind.Dropout => (5 + random.Next(46), 0),
        _ => (0, 0),
    };

    private static double Daily(long timeMs, double amplitude, double phase) =>
        amplitude * Math.Sin((2 * Math.PI * (timeMs % DayMs) / DayMs) + phase);
}
