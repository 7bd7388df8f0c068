using BenchmarkDotNet.Attributes;
using IotStack.Firmware.Checks;
using IotStack.Protocol;

namespace IotStack.Bench.Checks;

/// <summary>
/// Per-sample cost of the on-chip checks (min/max, rate, mean ± k·σ) on a clean signal. Each invoke
/// runs <see cref="Samples"/> samples, so the reported time is per sample. Baseline: the same rules
/// recomputing mean and σ over the window for every sample.
/// </summary>
[MemoryDiagnoser]
public class ChecksBenchmarks
{
    private const int Samples = 4096;

    private float[] series = [];
    private Finding[] findings = [];
    private ChannelCheck check = null!;
    private NaiveWindowCheck naive = null!;
    private long checkTime;
    private long naiveTime;

    [Params(16, 64)]
    public int Window { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        series = SampleSeries.Create(Samples);
        findings = new Finding[ChannelCheck.MaxFindingsPerValue];
        for (var i = 0; i < findings.Length; i++)
        {
            findings[i] = new Finding();
        }

        var spec = new ChannelThresholds { Min = -10f, Max = 50f, MaxRatePerSecond = 1f, SigmaK = 4f, Window = Window };
        check = new ChannelCheck(Channel.Temperature);
        check.Apply(spec);
        naive = new NaiveWindowCheck(Window, -10f, 50f, 1f, 4f);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public int NaiveRecomputeWindow()
    {
        var fired = 0;
        for (var i = 0; i < series.Length; i++)
        {
            naiveTime += 1000;
            fired += naive.Evaluate(naiveTime, series[i], findings);
        }

        return fired;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int WelfordChannelCheck()
    {
        var fired = 0;
        for (var i = 0; i < series.Length; i++)
        {
            checkTime += 1000;
            fired += check.Evaluate(checkTime, series[i], findings);
        }

        return fired;
    }
}
