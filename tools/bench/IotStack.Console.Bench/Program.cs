using BenchmarkDotNet.Running;
using IotStack.Bench;

// Everything goes to BenchmarkDotNet (e.g. --filter *Fleet*). `--inProcess` skips the generated boilerplate build,
// which can outlast BenchmarkDotNet's two-minute build timeout on a busy two-core machine.
BenchmarkSwitcher.FromAssembly(typeof(ConsoleBenchmarks).Assembly).Run(args);
return 0;
