using System.Globalization;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Checkpoints;

/// <summary>Series kinds and detector specs for the checkpoint round trip: NAB files (vendored under tests/), noise, a daily season.</summary>
internal static class CheckpointSeries
{
    public static IEnumerable<string> Kinds =>
    [
        "nab:artificialNoAnomaly/art_daily_small_noise.csv",
        "nab:realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv",
        "nab:realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv",
        "noise",
        "seasonal",
    ];

    public static IEnumerable<string> SpecNames => ["default", "everything", "seed"];

    /// <summary>Every rule and stage on, optional parts included (sustained rarity, the tail fit, escalation, novelty).</summary>
    public static ChannelDetectionSpec Everything { get; } = ChannelDetectionSpec.Default with
    {
        SigmaBand = new SigmaBandOptions(),
        Threshold = new ThresholdOptions { Min = -1e12, Max = 1e12 },
        RateOfChange = new RateOfChangeOptions { MaxPerSecond = 1e9 },
        StuckAt = new StuckAtOptions { RunGrowth = 1.2 },
        Novelty = new NoveltyOptions { MinSamples = 100 },
        Rarity = new RarityOptions { MinSamples = 200, PersistSamples = 2, SustainedZ = 3, TailExponent = 1, YoungSamples = 500, YoungFromSamples = 48 },
        EscalationMargin = 0.2,
    };

    public static ChannelDetectionSpec Spec(string name) => name switch
    {
        "default" => ChannelDetectionSpec.Default,
        "everything" => Everything,
        "seed" => ChannelDetectionSpec.SeedRule,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static (long[] Times, double[] Values) Load(string kind)
    {
        if (kind.StartsWith("nab:", StringComparison.Ordinal))
        {
            return ReadNab(Path.Combine(AppContext.BaseDirectory, "nab", kind["nab:".Length..]));
        }

        return kind switch
        {
            // Gaussian noise with a level shift, a spike and a noise burst late in the series.
            "noise" => Evenly(Signals.WithNoiseBurst(Signals.WithSpike(Signals.WithLevelShift(Gaussian(6000, 7), 4000, 3), 4500, 9), 5200, 100, 4, 8), 60_000),
            // A daily swing sampled every minute for five days; on the fourth day the afternoon peak does not come.
            "seasonal" => Daily(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static double[] Gaussian(int length, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = 10 + Signals.Gaussian(random);
        }

        return values;
    }

    private static (long[], double[]) Daily()
    {
        const int PerDay = 1440;
        var random = new Random(11);
        var values = new double[5 * PerDay];
        for (int i = 0; i < values.Length; i++)
        {
            int minute = i % PerDay;
            bool missingPeak = i / PerDay == 3 && minute is > 780 and < 960;
            double swing = missingPeak ? 0 : 5 * Math.Max(0, Math.Sin(2 * Math.PI * (minute - 360) / PerDay));
            values[i] = 20 + swing + (0.3 * Signals.Gaussian(random));
        }

        return Evenly(values, 60_000);
    }

    private static (long[], double[]) Evenly(double[] values, long stepMs)
    {
        var times = new long[values.Length];
        for (int i = 0; i < times.Length; i++)
        {
            times[i] = 1_700_000_000_000 + (i * stepMs);
        }

        return (times, values);
    }

    private static (long[], double[]) ReadNab(string path)
    {
        var times = new List<long>();
        var values = new List<double>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            int comma = line.IndexOf(',', StringComparison.Ordinal);
            var time = DateTime.ParseExact(line[..comma], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            times.Add(new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeMilliseconds());
            values.Add(double.Parse(line[(comma + 1)..], CultureInfo.InvariantCulture));
        }

        return (times.ToArray(), values.ToArray());
    }
}
