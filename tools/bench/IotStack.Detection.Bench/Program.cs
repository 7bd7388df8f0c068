using BenchmarkDotNet.Running;
using IotStack.Bench;

// `--memory` prints bytes per tracked series; `--stages [rounds]` ns per sample of each rule alone against the seed
// rule and the ensemble, interleaved in one run; `--stages [rounds] --alone [passes]` the seed rule and the ensemble
// each in its own process (`--set i` is one such child); `--loop seconds` runs the ensemble alone (for perf record); anything
// else goes to BenchmarkDotNet (e.g. --filter *).
if (args.Contains("--memory"))
{
    SeriesMemory.Print();
    return 0;
}

int stages = Array.IndexOf(args, "--stages");
if (stages >= 0)
{
    int rounds = stages + 1 < args.Length && !args[stages + 1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[stages + 1], System.Globalization.CultureInfo.InvariantCulture) : 1001;
    int alone = Array.IndexOf(args, "--alone");
    int set = Array.IndexOf(args, "--set");
    if (alone >= 0)
    {
        StageCosts.PrintAlone(rounds, alone + 1 < args.Length ? int.Parse(args[alone + 1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    }
    else
    {
        StageCosts.Print(rounds, 0, set >= 0 ? int.Parse(args[set + 1], System.Globalization.CultureInfo.InvariantCulture) : -1);
    }


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
