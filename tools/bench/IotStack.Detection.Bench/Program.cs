using BenchmarkDotNet.Running;
using IotStack.Bench;

// `--memory` prints bytes per tracked series; anything else goes to BenchmarkDotNet (e.g. --filter *).
if (args.Contains("--memory"))
{
    SeriesMemory.Print();
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(DetectorSetBenchmarks).Assembly).Run(args);
return 0;
