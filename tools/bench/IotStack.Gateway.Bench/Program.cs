using IotStack.Bench;

// End-to-end ingest benchmark (not BenchmarkDotNet: it measures a live pipeline, Mosquitto → gateway → SQLite,
// against a bare MQTTnet subscriber that only counts, interleaved in the same run so machine noise hits both).
//   dotnet run -c Release --project tools/bench/IotStack.Gateway.Bench -- [--mqtt host:port] [--messages N] [--rounds R]
return await IngestBenchmark.RunAsync(args).ConfigureAwait(false);
