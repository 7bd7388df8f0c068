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

    private float[] _series = [];
    private Finding[] _findings = [];
    private ChannelCheck _check = null!;
    private NaiveWindowCheck _naive = null!;
    private long _checkTime;
    private long _naiveTime;

    [Params(16, 64)]
    public int Window { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _series = SampleSeries.Create(Samples);
        _findings = new Finding[ChannelCheck.MaxFindingsPerValue];
        for (var i = 0; i < _findings.Length; i++)
        {
            _findings[i] = new Finding();
        }

        var spec = new ChannelThresholds { Min = -10f, Max = 50f, MaxRatePerSecond = 1f, SigmaK = 4f, Window = Window };
        _check = new ChannelCheck(Channel.Temperature);
        _check.Apply(spec);
        _naive = new NaiveWindowCheck(Window, -10f, 50f, 1f, 4f);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public int NaiveRecomputeWindow()
    {
        var fired = 0;
        for (var i = 0; i < _series.Length; i++)
        {
            _naiveTime += 1000;
            fired += _naive.Evaluate(_naiveTime, _series[i], _findings);
        }

        return fired;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int WelfordChannelCheck()
    {
        var fired = 0;
        for (var i = 0; i < _series.Length; i++)
        {
            _checkTime += 1000;
            fired += _check.Evaluate(_checkTime, _series[i], _findings);
        }

        return fired;
    }
}
