using BenchmarkDotNet.Attributes;
using IotStack.Detection;
using IotStack.Detection.Options;

namespace IotStack.Bench;

/// <summary>
/// Cost per sample of one series' detector set in steady state (state carries over between invocations, as in
/// the gateway). The seed rule (mean ± 2σ over 32 samples) is the baseline the ratio column compares with.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class DetectorSetBenchmarks
{
    private const int Samples = 4096;

    private long[] _times = [];
    private double[] _values = [];
    private DetectorSet _seed = null!;
    private DetectorSet _robust = null!;
    private DetectorSet _ensemble = null!;
    private DetectorSet _ensembleWithHardRules = null!;
    private long _offset;

    [GlobalSetup]
    public void Setup()
    {
        (_times, _values) = Signal(Samples);

        _seed = new DetectorSet(ChannelDetectionSpec.SeedRule);
        _robust = new DetectorSet(new ChannelDetectionSpec { RobustZ = new RobustZOptions() });
        _ensemble = new DetectorSet(ChannelDetectionSpec.Default);
        // The default's rules plus the hard limits, so the row shows what the hard rules add.
        _ensembleWithHardRules = new DetectorSet(ChannelDetectionSpec.Default with
        {
            Threshold = new ThresholdOptions { Min = -40, Max = 85 },
            RateOfChange = new RateOfChangeOptions { MaxPerSecond = 0.5 },
        });
        foreach (DetectorSet set in new[] { _seed, _robust, _ensemble, _ensembleWithHardRules })
        {
            Run(set);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples, Description = "seed mean±2σ")]
    public double SeedRule() => Run(_seed);

    [Benchmark(OperationsPerInvoke = Samples, Description = "robust z (median/MAD)")]
    public double RobustZ() => Run(_robust);

    [Benchmark(OperationsPerInvoke = Samples, Description = "default ensemble")]
    public double DefaultEnsemble() => Run(_ensemble);

    [Benchmark(OperationsPerInvoke = Samples, Description = "ensemble + hard rules")]
    public double EnsembleWithHardRules() => Run(_ensembleWithHardRules);

    /// <summary>A daily cycle with noise and occasional spikes, five-minute samples.</summary>
    internal static (long[] Times, double[] Values) Signal(int samples)
    {
        var times = new long[samples];
        var values = new double[samples];
        var random = new Random(42);
        for (int i = 0; i < samples; i++)
        {
            times[i] = 1_700_000_000_000 + (i * 300_000L);
            values[i] = 25 + (5 * Math.Sin(2 * Math.PI * i / 288)) + random.NextDouble() + (i % 997 == 0 ? 20 : 0);
        }

        return (times, values);
    }

    private double Run(DetectorSet set)
    {
        double sum = 0;
        // Timestamps keep moving forward across invocations so rate and seasonal rules see real time.
        long offset = _offset;
        for (int i = 0; i < Samples; i++)
        {
            sum += set.Observe(_times[i] + offset, _values[i]).Score;
        }

        _offset += Samples * 300_000L;
        return sum;
    }
}
