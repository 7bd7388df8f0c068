using BenchmarkDotNet.Running;
using IotStack.Bench;

// `--memory` prints bytes per tracked series; `--stages [rounds]` ns per sample of each rule alone against the seed
// rule and the ensemble, interleaved in one run; `--loop seconds` runs the ensemble alone (for perf record); anything
// else goes to BenchmarkDotNet (e.g. --filter *).
if (args.Contains("--memory"))
{
    SeriesMemory.Print();
    return 0;
}

int stages = Array.IndexOf(args, "--stages");
if (stages >= 0)
{
    StageCosts.Print(stages + 1 < args.Length ? int.Parse(args[stages + 1], System.Globalization.CultureInfo.InvariantCulture) : 1001, 0);
    return 0;
}

int loop = Array.IndexOf(args, "--loop");
if (loop >= 0)
{
    StageCosts.Print(0, double.Parse(args[loop + 1], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(DetectorSetBenchmarks).Assembly).Run(args);
return 0;
