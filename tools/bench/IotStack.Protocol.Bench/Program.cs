using BenchmarkDotNet.Running;

// dotnet run -c Release --project tools/bench/IotStack.Protocol.Bench -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(IotStack.Bench.TelemetryCodecBenchmarks).Assembly).Run(args);
