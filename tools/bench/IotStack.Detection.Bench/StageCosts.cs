using System.Diagnostics;
using System.Globalization;
using IotStack.Detection;
using IotStack.Detection.Options;

namespace IotStack.Bench;

/// <summary>
/// Where the default ensemble's time goes: ns per sample of the seed rule, of each of the ensemble's rules alone
/// (scored against its own limit, no combining) and of the whole ensemble, interleaved round by round on the same
/// data so a loaded machine slows them alike; the median over rounds, and each against the seed rule. A round is a
/// chunk of <see cref="Chunk"/> samples (a fraction of a millisecond even for the ensemble): on a loaded machine a
/// long round is preempted more often than a short one, which would bias the median against the costlier set.
/// </summary>
internal static class StageCosts
{
    private const int Samples = 4096;
    private const int Chunk = 256;
    private const double WarmSeconds = 2;

    public static void Print(int rounds, double loopSeconds, int only = -1)
    {
        (long[] times, double[] values) = DetectorSetBenchmarks.Signal(Samples);
        ChannelDetectionSpec d = ChannelDetectionSpec.Default;
        var specs = new (string Name, ChannelDetectionSpec Spec)[]
        {
            ("seed mean±2σ", ChannelDetectionSpec.SeedRule),
            ("robust z (W 48)", new ChannelDetectionSpec { RobustZ = d.RobustZ }),
            ("ewma", new ChannelDetectionSpec { Ewma = d.Ewma }),
            ("cusum", new ChannelDetectionSpec { Cusum = d.Cusum }),
            ("seasonal", new ChannelDetectionSpec { Seasonal = d.Seasonal }),
            ("prediction AR(4)", new ChannelDetectionSpec { Prediction = d.Prediction }),
            ("stuck-at", new ChannelDetectionSpec { StuckAt = d.StuckAt }),
            ("level shift + drift", new ChannelDetectionSpec { LevelShift = d.LevelShift, Drift = d.Drift, CalibratedAlerts = true }),
            ("default ensemble", d),
        };

        if (loopSeconds > 0)
        {
            // For a profiler (perf record): the ensemble alone, for this long.
            var set = new DetectorSet(d);
            long offset = 0;
            var clock = Stopwatch.StartNew();
            double sink = 0;
            while (clock.Elapsed.TotalSeconds < loopSeconds)
            {
                sink += Run(set, times, values, offset);
                offset += Samples * 300_000L;
            }

            Console.WriteLine(sink > 0 ? "done" : "done.");
            return;
        }

        if (only >= 0)
        {
            specs = [specs[only]];
        }

        var sets = specs.Select(s => new DetectorSet(s.Spec)).ToArray();
        var offsets = new long[sets.Length];
        var ns = new double[sets.Length][];
        for (int s = 0; s < sets.Length; s++)
        {
            ns[s] = new double[rounds];
        }

        // Warm up interleaved, as measured, until the JIT's tiering has settled: a method is recompiled with full
        // optimisation (and the profile it gathered) only after it has been called 30 times and then 100 ms have
        // passed without new methods being compiled, so a short run would time part of each set at a lower tier.
        var position = new int[sets.Length];
        var warmClock = Stopwatch.StartNew();
        while (warmClock.Elapsed.TotalSeconds < WarmSeconds)
        {
            for (int s = 0; s < sets.Length; s++)
            {
                RunChunk(sets[s], times, values, ref offsets[s], ref position[s]);
            }
        }

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < rounds; r++)
        {
            for (int s = 0; s < sets.Length; s++)
            {
                long start = Stopwatch.GetTimestamp();
                RunChunk(sets[s], times, values, ref offsets[s], ref position[s]);
                ns[s][r] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Chunk;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var c = CultureInfo.InvariantCulture;
        if (only >= 0)
        {
            Console.WriteLine(string.Format(c, "{0} {1}", Median(ns[0]), ns[0].Min()));
            return;
        }

        double seed = Median(ns[0]);
        double seedMin = ns[0].Min();
        Console.WriteLine(string.Format(c, "{0} rounds of {1} samples per set, interleaved; ns per sample", rounds, Chunk));
        Console.WriteLine("| set | median | min | ratio to seed (medians) | ratio to seed (mins) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (int s = 0; s < sets.Length; s++)
        {
            double median = Median(ns[s]);
            Console.WriteLine(string.Format(c, "| {0} | {1:F0} | {2:F0} | {3:F2} | {4:F2} |", specs[s].Name, median, ns[s].Min(), median / seed, ns[s].Min() / seedMin));
        }

        Console.WriteLine(string.Format(c, "allocated while measuring: {0:N0} B ({1:F4} B per sample)", allocated, allocated / (double)((long)rounds * sets.Length * Chunk)));
    }

    /// <summary>
    /// The seed rule and the default ensemble each alone in its own process, as a gateway running only one of them
    /// would: the JIT's profile-guided code (which rule a virtual call usually reaches, which branches are taken)
    /// is then the set's own. Sharing a process, the seed rule runs on code shaped by the ensemble's profile too
    /// (docs/detection.md). Processes alternate, seed first, <paramref name="passes"/> times; medians over passes.
    /// </summary>
    public static void PrintAlone(int rounds, int passes)
    {
        int[] sets = [0, 8];
        string[] names = ["seed mean±2σ", "default ensemble"];
        var medians = new double[sets.Length][];
        var mins = new double[sets.Length][];
        for (int k = 0; k < sets.Length; k++)
        {
            medians[k] = new double[passes];
            mins[k] = new double[passes];
        }

        var c = CultureInfo.InvariantCulture;
        string assembly = typeof(StageCosts).Assembly.Location;
        for (int p = 0; p < passes; p++)
        {
            for (int k = 0; k < sets.Length; k++)
            {
                var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
                if (!assembly.EndsWith(".exe", StringComparison.Ordinal) && Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
                {
                    start.ArgumentList.Add(assembly);
                }

                start.ArgumentList.Add("--stages");
                start.ArgumentList.Add(rounds.ToString(c));
                start.ArgumentList.Add("--set");
                start.ArgumentList.Add(sets[k].ToString(c));
                using Process child = Process.Start(start)!;
                string[] line = child.StandardOutput.ReadToEnd().Trim().Split(' ');
                child.WaitForExit();
                medians[k][p] = double.Parse(line[0], c);
                mins[k][p] = double.Parse(line[1], c);
            }

            Console.WriteLine(string.Format(c, "pass {0}: seed {1:F0} ns, ensemble {2:F0} ns, ratio {3:F2} (mins {4:F2})", p + 1, medians[0][p], medians[1][p], medians[1][p] / medians[0][p], mins[1][p] / mins[0][p]));
        }

        Console.WriteLine(string.Format(c, "each set alone in its own process, {0} passes of {1} rounds of {2} samples; ns per sample", passes, rounds, Chunk));
        Console.WriteLine("| set | median | min | ratio to seed (medians) | ratio to seed (mins) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (int k = 0; k < sets.Length; k++)
        {
            double median = Median(medians[k]);
            double min = mins[k].Min();
            Console.WriteLine(string.Format(c, "| {0} | {1:F0} | {2:F0} | {3:F2} | {4:F2} |", names[k], median, min, median / Median(medians[0]), min / mins[0].Min()));
        }
    }

    private static double Run(DetectorSet set, long[] times, double[] values, long offset)
    {
        double sum = 0;
        for (int i = 0; i < times.Length; i++)
        {
            sum += set.Observe(times[i] + offset, values[i]).Score;
        }

        return sum;
    }

    // The next chunk of the signal; timestamps keep moving forward across passes so rate and seasonal rules see real time.
    private static void RunChunk(DetectorSet set, long[] times, double[] values, ref long offset, ref int position)
    {
        for (int i = position; i < position + Chunk; i++)
        {
            set.Observe(times[i] + offset, values[i]);
        }

        position += Chunk;
        if (position == times.Length)
        {
            position = 0;
            offset += Samples * 300_000L;
        }
    }

    private static double Median(double[] xs)
    {
        double[] sorted = (double[])xs.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
