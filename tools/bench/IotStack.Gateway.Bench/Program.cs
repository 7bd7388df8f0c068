using BenchmarkDotNet.Running;
using IotStack.Bench;

// Default: the end-to-end ingest benchmark (not BenchmarkDotNet: it measures a live pipeline, Mosquitto → gateway → SQLite,
// against a bare MQTTnet subscriber that only counts, alternated in the same run so machine noise hits both).
//   dotnet run -c Release --project tools/bench/IotStack.Gateway.Bench -- [--mqtt host:port] [--messages N] [--rounds R]
// `--bdn ...` hands the rest to BenchmarkDotNet (writer hot path, allocations per message), e.g.
//   dotnet run -c Release --project tools/bench/IotStack.Gateway.Bench -- --bdn --filter *IngestWriter* --inProcess
if (args.Length > 0 && args[0] == "--bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(IngestWriterBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

return await IngestBenchmark.RunAsync(args).ConfigureAwait(false);
