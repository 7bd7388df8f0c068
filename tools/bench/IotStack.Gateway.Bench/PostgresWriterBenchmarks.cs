using BenchmarkDotNet.Attributes;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;
using IotStack.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IotStack.Bench;

/// <summary>
/// The ingest writer per message on PostgreSQL against the same writer on SQLite (the baseline, same run): decode, one
/// transaction per flush of <see cref="Messages"/>, acknowledgement. PostgreSQL is the server named by IOTSTACK_TEST_PG
/// (a fresh database per run, dropped afterwards); without it Program filters these PostgreSQL rows out and says so.
/// </summary>
[MemoryDiagnoser]
public class PostgresWriterBenchmarks
{
    public const string PostgresVariable = "IOTSTACK_TEST_PG";

    private const int Messages = 500;
    private const int Devices = 40;
    private const int SamplesPerBatch = 16;

    private readonly TelemetryBatch _batch = new();
    private readonly string _database = "gwbench_" + Guid.NewGuid().ToString("N");
    private TopicInfo[] _topics = [];
    private string _folder = "";
    private string? _admin;
    private Pipeline? _sqlite;
    private Pipeline? _postgres;
    private long _next;
    private long _t0;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "iotstack-pg-writer-bench", Guid.NewGuid().ToString("N"));
        _sqlite = new Pipeline(new SqliteGatewayStore(Path.Combine(_folder, "bench.db")));
        _admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrEmpty(_admin))
        {
            Execute(_admin, $"CREATE DATABASE {_database}");
            _postgres = new Pipeline(new PostgresGatewayStore(new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString));
        }

        _topics = Enumerable.Range(0, Devices)
            .Select(d => new TopicInfo($"iot/bench/d{d}/telemetry", TopicKind.Telemetry, "bench", "d" + d))
            .ToArray();
        _t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 3_600_000;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sqlite?.Dispose();
        _postgres?.Dispose();
        if (_admin is not null && _postgres is not null)
        {
            NpgsqlConnection.ClearAllPools();
            Execute(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public Task DecodeAndCommitToSqlite() => RunAsync(_sqlite!);

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task DecodeAndCommitToPostgres() => RunAsync(_postgres ?? throw new InvalidOperationException($"{PostgresVariable} is not set"));

    private async Task RunAsync(Pipeline pipeline)
    {
        for (int i = 0; i < Messages; i++)
        {
            pipeline.Writer.Add(NextMessage(pipeline.Queue));
        }

        await pipeline.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>A new (device, sequence) every call, so every batch is stored, never skipped as a duplicate.</summary>
    private InboundMessage NextMessage(IngestQueue queue)
    {
        long n = _next++;
        _batch.Clear();
        _batch.Sequence = (uint)(n / Devices) + 1;
        for (int s = 0; s < SamplesPerBatch; s++)
        {
            _batch.Add((byte)((s % 3) + 1), _t0 + (n * 10) + s, 20f + (s * 0.1f));
        }

        byte[] buffer = queue.Buffers.Rent(_batch.FrameLength);
        int length = _batch.WriteTo(buffer, 0);
        return new InboundMessage(_topics[n % Devices], buffer, length, _t0, null);
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>One store with its own queue and writer, as the gateway wires them.</summary>
    private sealed class Pipeline : IDisposable
    {
        private readonly SqlGatewayStore _store;

        public Pipeline(SqlGatewayStore store)
        {
            _store = store;
            _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
            IOptions<GatewayOptions> options = Options.Create(new GatewayOptions());
            var metrics = new GatewayMetrics();
            Queue = new IngestQueue(options, metrics);
            Writer = new IngestWriter(Queue, _store, [new NullIngestSink()], metrics, TimeProvider.System, options, NullLogger<IngestWriter>.Instance);
        }

        public IngestQueue Queue { get; }

        public IngestWriter Writer { get; }

        public void Dispose() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
