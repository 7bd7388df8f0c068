using System.Diagnostics;
using System.Globalization;
using IotStack.Gateway.Detection;
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
/// What a detector checkpoint pass costs against ingest, in one run on one SQLite store (docs/detection.md,
/// "Checkpoints"): one second of ingest for N series at 1 Hz (decode, commit, score: the writer with detection as its
/// sink, no broker) alternated with a checkpoint pass over the same N series (all of them changed), R rounds; then the
/// first second after a restart (every series looks its checkpoint up and restores it) against a normal second.
///   dotnet run -c Release --project tools/bench/IotStack.Gateway.Bench -- --checkpoints [--series 10000] [--rounds 5] [--postgres]
/// <c>--postgres</c>: on a new database of the server in IOTSTACK_TEST_PG (source the test services' env.sh) instead.
/// </summary>
internal static class CheckpointBenchmark
{
    private const int ChannelsPerDevice = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        int series = Option(args, "--series", 10_000);
        int rounds = Option(args, "--rounds", 5);
        int devices = series / ChannelsPerDevice;
        string folder = Path.Combine(Path.GetTempPath(), "iotstack-checkpoint-bench", Guid.NewGuid().ToString("N"));
        string? admin = args.Contains("--postgres") ? Environment.GetEnvironmentVariable(PostgresWriterBenchmarks.PostgresVariable) : null;
        if (args.Contains("--postgres") && string.IsNullOrEmpty(admin))
        {
            Console.Error.WriteLine($"--postgres needs {PostgresWriterBenchmarks.PostgresVariable} (source the test services' env.sh)");
            return 2;
        }

        string database = "checkpoint_bench_" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            if (admin is not null)
            {
                await ExecuteAsync(admin, $"CREATE DATABASE {database}").ConfigureAwait(false);
            }

            await using SqlGatewayStore store = admin is null
                ? new SqliteGatewayStore(Path.Combine(folder, "bench.db"))
                : new PostgresGatewayStore(new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString);
            await store.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
            var run = new Pipeline(store, devices);
            Cost cold = await Cost.OfAsync(run.IngestSecondAsync).ConfigureAwait(false);
            await run.Checkpoints.SaveAsync(CancellationToken.None).ConfigureAwait(false);

            var ingest = new List<Cost>();
            var passes = new List<Cost>();
            var serialise = new List<Cost>();
            int written = 0;
            for (int r = 0; r < rounds; r++)
            {
                ingest.Add(await Cost.OfAsync(run.IngestSecondAsync).ConfigureAwait(false));
                serialise.Add(await Cost.OfAsync(run.SerialiseAll).ConfigureAwait(false));
                passes.Add(await Cost.OfAsync(async () => written = await run.Checkpoints.SaveAsync(CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false));
            }

            // A restarted gateway on the same store: its first second looks up and restores every series.
            var restarted = new Pipeline(store, devices, run.NextSecond);
            Cost restore = await Cost.OfAsync(restarted.IngestSecondAsync).ConfigureAwait(false);
            Cost after = await Cost.OfAsync(restarted.IngestSecondAsync).ConfigureAwait(false);
            SeriesDetectors sample = restarted.Registry.Find("d0", 1) ?? throw new InvalidOperationException("series d0/1 missing");

            Cost ingestMedian = Cost.Median(ingest);
            Cost passMedian = Cost.Median(passes);
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Format(c, "{0:N0} series ({1:N0} devices × {2} channels), default ensemble, {3}; {4} rounds, medians", series, devices, ChannelsPerDevice, admin is null ? "SQLite" : "PostgreSQL", rounds));
            Console.WriteLine(string.Format(c, "checkpoint per series: {0:N0} B (ensemble frame; the row adds the key, counts and stuck state)", sample.Statistical!.CheckpointSize));
            Console.WriteLine(string.Format(c, "| what | wall ms | CPU ms | wall ratio | CPU ratio |"));
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            Row(c, "one second of ingest (baseline)", ingestMedian, ingestMedian);
            Row(c, $"checkpoint pass, {written:N0} series", passMedian, ingestMedian);
            Row(c, "of which serialising them (no store)", Cost.Median(serialise), ingestMedian);
            Row(c, "first second of a new gateway (creates every series; lookups find nothing)", cold, ingestMedian);
            Row(c, "first second after a restart (creates, looks up and restores every series)", restore, ingestMedian);
            Row(c, "the second after that", after, ingestMedian);
            Console.WriteLine(string.Format(c, "restored series d0/1 counts {0} samples; at a 60 s interval a pass is {1:P1} of ingest time", sample.Samples, passMedian.WallMs / (60 * ingestMedian.WallMs)));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            if (admin is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)").ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static void Row(CultureInfo c, string what, Cost cost, Cost baseline) =>
        Console.WriteLine(string.Format(c, "| {0} | {1:F1} | {2:F1} | {3:F2} | {4:F2} |", what, cost.WallMs, cost.CpuMs, cost.WallMs / baseline.WallMs, cost.CpuMs / baseline.CpuMs));

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private readonly record struct Cost(double WallMs, double CpuMs)
    {
        public static async Task<Cost> OfAsync(Func<Task> work)
        {
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            await work().ConfigureAwait(false);
            double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return new Cost(wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
        }

        public static Cost Median(List<Cost> costs) =>
            new(costs.Select(c => c.WallMs).Order().ElementAt(costs.Count / 2), costs.Select(c => c.CpuMs).Order().ElementAt(costs.Count / 2));
    }

    /// <summary>The writer (decode, commit) with detection as its sink, scored in line as the detection stage does.</summary>
    private sealed class Pipeline : IIngestSink
    {
        private const int FlushMessages = 500;

        private readonly IngestWriter _writer;
        private readonly IngestQueue _queue;
        private readonly TelemetryBatch _batch = new();
        private readonly TopicInfo[] _topics;
        private readonly List<SampleRow> _block = new();
        private readonly List<Gateway.Alerts.AlertSignal> _signals = new();
        private readonly long _t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 86_400_000;
        private readonly Random _random = new(1);

        public Pipeline(SqlGatewayStore store, int devices, int firstSecond = 0)
        {
            IOptions<GatewayOptions> options = Options.Create(new GatewayOptions());
            var metrics = new GatewayMetrics();
            Registry = new SeriesRegistry(options, metrics);
            Checkpoints = new DetectorCheckpoints(Registry, store, TimeProvider.System, options, NullLogger<DetectorCheckpoints>.Instance);
            _queue = new IngestQueue(options, metrics);
            _writer = new IngestWriter(_queue, store, [this], metrics, TimeProvider.System, options, NullLogger<IngestWriter>.Instance);
            _topics = Enumerable.Range(0, devices).Select(d => new TopicInfo($"iot/bench/d{d}/telemetry", TopicKind.Telemetry, "bench", "d" + d)).ToArray();
            NextSecond = firstSecond;
        }

        public SeriesRegistry Registry { get; }

        public DetectorCheckpoints Checkpoints { get; }

        public int NextSecond { get; private set; }

        /// <summary>What a pass does under the registry's lock, without the store (nothing is marked saved).</summary>
        public Task SerialiseAll()
        {
            var rows = new List<(SeriesDetectors, DetectorStateRow)>(DetectorCheckpoints.ChunkSeries);
            int position = 0;
            do
            {
                rows.Clear();
                position = Registry.CollectCheckpoints(position, rows, DetectorCheckpoints.ChunkSeries, 0);
            }
            while (rows.Count > 0);
            return Task.CompletedTask;
        }

        /// <summary>One sample per series at second <see cref="NextSecond"/>: a batch per device, committed 500 messages at a time.</summary>
        public async Task IngestSecondAsync()
        {
            int second = NextSecond++;
            for (int d = 0; d < _topics.Length; d++)
            {
                _batch.Clear();
                _batch.Sequence = (uint)second + 1;
                for (int c = 1; c <= ChannelsPerDevice; c++)
                {
                    _batch.Add((byte)c, _t0 + (second * 1000L), (float)(20 + c + (0.2 * _random.NextDouble())));
                }

                byte[] buffer = _queue.Buffers.Rent(_batch.FrameLength);
                int length = _batch.WriteTo(buffer, 0);
                _writer.Add(new InboundMessage(_topics[d], buffer, length, _t0, null));
                if ((d + 1) % FlushMessages == 0 || d == _topics.Length - 1)
                {
                    await _writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        public async ValueTask OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken)
        {
            _block.Clear();
            for (int b = 0; b < committed.BatchCount; b++)
            {
                BatchRow batch = committed.BatchAt(b);
                for (int i = batch.SampleStart; i < batch.SampleStart + batch.SampleCount && committed.IsNew(b); i++)
                {
                    _block.Add(committed.SampleAt(i));
                }
            }

            _signals.Clear();
            await Checkpoints.PrepareAsync(_block, cancellationToken).ConfigureAwait(false);
            Registry.Observe(_block, _signals);
        }
    }
}
