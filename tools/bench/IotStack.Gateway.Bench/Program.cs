using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using IotStack.Bench;

// Default: the end-to-end ingest benchmark (not BenchmarkDotNet: it measures a live pipeline, Mosquitto → gateway → SQLite,
// against a bare MQTTnet subscriber that only counts, alternated in the same run so machine noise hits both).
//   dotnet run -c Release --project tools/bench/IotStack.Gateway.Bench -- [--mqtt host:port] [--messages N] [--rounds R] [--warmup N] [--statistical false]
// `--checkpoints [--series N] [--rounds R]`: a detector checkpoint pass against one second of ingest (CheckpointBenchmark.cs).
// `--tls` compares MQTT over TLS with plain MQTT on the embedded broker (ingest, N boards reconnecting at once): TlsBenchmark.cs.
// `--cluster`: one gateway on PostgreSQL against one with device ownership and three with it, on a private Mosquitto (ClusterBenchmark.cs).
// `--broker-cpu`: the gateway's CPU per message against Mosquitto's, plain and TLS, in one run (BrokerCpuBenchmark.cs).
// `--bdn ...` hands the rest to BenchmarkDotNet (writer hot path, allocations per message), e.g.
//   dotnet run -c Release --project tools/bench/IotStack.Gateway.Bench -- --bdn --filter *IngestWriter* --inProcess
// PostgreSQL writer against the SQLite writer (source the test services' env.sh first for IOTSTACK_TEST_PG):
//   dotnet run -c Release --project tools/bench/IotStack.Gateway.Bench -- --bdn --filter *PostgresWriter* --inProcess
if (args.Length > 0 && args[0] == "--bdn")
{
    IConfig config = DefaultConfig.Instance;
    if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresWriterBenchmarks.PostgresVariable)))
    {
        Console.WriteLine($"{PostgresWriterBenchmarks.PostgresVariable} is not set: PostgreSQL benchmark rows are skipped (source the test services' env.sh to run them).");
        config = config.AddFilter(new NameFilter(static name => !name.Contains("Postgres", StringComparison.Ordinal)));
    }

    BenchmarkSwitcher.FromAssembly(typeof(IngestWriterBenchmarks).Assembly).Run(args[1..], config);
    return 0;
}

if (args.Length > 0 && args[0] == "--checkpoints")
{
    return await CheckpointBenchmark.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "--tls")
{
    return await TlsBenchmark.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "--cluster")
{
    return await ClusterBenchmark.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "--broker-cpu")
{
    return await BrokerCpuBenchmark.RunAsync(args[1..]).ConfigureAwait(false);
}

return await IngestBenchmark.RunAsync(args).ConfigureAwait(false);
