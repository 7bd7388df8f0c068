using BenchmarkDotNet.Attributes;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using IotStack.Gateway.Storage;
using IotStack.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IotStack.Bench;

/// <summary>
/// The ingest writer's hot path per message, without the broker: frames arrive in the queue's pooled buffers as the
/// MQTT client hands them over, then decode → one SQLite transaction per flush of <see cref="Messages"/>. The baseline
/// is decoding alone, so the ratio is what storing costs on top; the allocation column must stay flat per message.
/// </summary>
[MemoryDiagnoser]
public class IngestWriterBenchmarks
{
    private const int Messages = 500;
    private const int Devices = 40;
    private const int SamplesPerBatch = 16;

    private readonly TelemetryBatch _batch = new();
    private readonly WriteSet _set = new();
    private readonly MessageDecoder _decoder = new(512, new DependencyRetry(DependencyHealth.Store, new DependencyHealth(TimeProvider.System), TimeProvider.System, NullLogger.Instance));
    private readonly NullIngestSink _sink = new();
    private TopicInfo[] _topics = [];
    private string _folder = "";
    private SqliteGatewayStore? _store;
    private IngestWriter? _writer;
    private IngestQueue? _queue;
    private long _next;
    private long _t0;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "iotstack-writer-bench", Guid.NewGuid().ToString("N"));
        _store = new SqliteGatewayStore(Path.Combine(_folder, "bench.db"));
        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        IOptions<GatewayOptions> options = Options.Create(new GatewayOptions());
        var metrics = new GatewayMetrics();
        _queue = new IngestQueue(options, metrics);
        _writer = new IngestWriter(_queue, _store, [_sink], metrics, TimeProvider.System, options, NullLogger<IngestWriter>.Instance);
        _topics = Enumerable.Range(0, Devices)
            .Select(d => new TopicInfo($"iot/bench/d{d}/telemetry", TopicKind.Telemetry, "bench", "d" + d))
            .ToArray();
        _t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 3_600_000;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public async Task DecodeOnly()
    {
        _set.Clear();
        for (int i = 0; i < Messages; i++)
        {
            InboundMessage message = NextMessage();
            await _decoder.DecodeAsync(message, _set, _sink, 0, CancellationToken.None).ConfigureAwait(false);
            _queue!.Buffers.Return(message.Buffer);
        }
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task DecodeAndCommitToSqlite()
    {
        for (int i = 0; i < Messages; i++)
        {
            _writer!.Add(NextMessage());
        }

        await _writer!.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>A new (device, sequence) every call, so every batch is stored, never skipped as a duplicate.</summary>
    private InboundMessage NextMessage()
    {
        long n = _next++;
        _batch.Clear();
        _batch.Sequence = (uint)(n / Devices) + 1;
        for (int s = 0; s < SamplesPerBatch; s++)
        {
            _batch.Add((byte)((s % 3) + 1), _t0 + (n * 10) + s, 20f + (s * 0.1f));
        }

        byte[] buffer = _queue!.Buffers.Rent(_batch.FrameLength);
        int length = _batch.WriteTo(buffer, 0);
        return new InboundMessage(_topics[n % Devices], buffer, length, _t0, null);
    }
}
