using IotStack.Gateway.Ingest;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Gateway.Tests.Ingest;

public sealed class IngestWriterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
    private static readonly TopicInfo Topic = new("iot/f/d/telemetry", TopicKind.Telemetry, "f", "d");

    private static InboundMessage Message(IngestQueue queue, uint sequence, IInboundAcknowledger acknowledger)
    {
        byte[] frame = Frames.Telemetry(sequence, T0.ToUnixTimeMilliseconds());
        byte[] buffer = queue.Buffers.Rent(frame.Length);
        frame.CopyTo(buffer, 0);
        return new InboundMessage(Topic, buffer, frame.Length, T0.ToUnixTimeMilliseconds(), acknowledger, sequence);
    }

    [Fact]
    public async Task FlushAsync_StoreFailsThenRecovers_AcknowledgedOnlyAfterCommit()
    {
        var time = new FakeTimeProvider(T0);
        var store = new FlakyTelemetryStore(failures: 1);
        var acknowledger = new RecordingAcknowledger(() => store.Commits);
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions());
        var metrics = new GatewayMetrics();
        var queue = new IngestQueue(options, metrics);
        var sink = new QuietSink();
        var writer = new IngestWriter(queue, store, [sink], metrics, time, options, NullLogger<IngestWriter>.Instance);
        for (uint sequence = 1; sequence <= 3; sequence++)
        {
            writer.Add(Message(queue, sequence, acknowledger));
        }

        Task flush = writer.FlushAsync(CancellationToken.None);
        // The first commit failed and the writer waits to retry: nothing may be acknowledged yet.
        Assert.Equal(1, store.Calls);
        Assert.Empty(acknowledger.Acks);
        Assert.False(flush.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(100));
        await flush.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1u, 2u, 3u], acknowledger.Acks.Select(a => (uint)a.State));
        Assert.All(acknowledger.Acks, a => Assert.Equal(1, a.CommitsAtAck));
        Assert.Equal((3L, 1), (metrics.BatchesStored, sink.CommittedCalls));
    }

    [Fact]
    public async Task ExecuteAsync_MessagesKeepComingSoonerThanTheFlushInterval_BatchCommittedOnceItsIntervalIsUp()
    {
        // A fleet whose messages arrive every few ms never leaves the queue idle for a whole interval: the batch must
        // still be committed (and acknowledged) FlushInterval after it began, not only when it reaches MaxBatch.
        using var dir = new TempDirectory();
        await using var store = new IotStack.Gateway.Storage.SqliteGatewayStore(dir.File("flush.db"));
        await store.InitializeAsync(CancellationToken.None);
        var time = new FakeTimeProvider(T0);
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Ingest = { FlushInterval = TimeSpan.FromHours(1) } });
        var metrics = new GatewayMetrics();
        var queue = new IngestQueue(options, metrics);
        var acknowledger = new RecordingAcknowledger(() => (int)metrics.Commits);
        using var writer = new IngestWriter(queue, store, [new QuietSink()], metrics, time, options, NullLogger<IngestWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            await queue.EnqueueAsync(Message(queue, 1, acknowledger), CancellationToken.None);
            await Until(() => queue.Count == 0);
            time.Advance(TimeSpan.FromMinutes(40));
            await queue.EnqueueAsync(Message(queue, 2, acknowledger), CancellationToken.None);
            await Until(() => queue.Count == 0);
            Assert.Equal(0L, metrics.Commits);

            await Until(() =>
            {
                time.Advance(TimeSpan.FromMinutes(10));
                return acknowledger.Acks.Count == 2;
            });

            Assert.Equal((1L, 2L), (metrics.Commits, metrics.BatchesStored));
            Assert.All(acknowledger.Acks, a => Assert.Equal(1, a.CommitsAtAck));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        for (int i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "condition not met within 10 s");
    }

    private static InboundMessage Framed(IngestQueue queue, TopicKind kind, byte[] frame, object state, IInboundAcknowledger acknowledger)
    {
        string topic = "iot/f/d/" + DeviceTopics.Suffix(kind);
        byte[] buffer = queue.Buffers.Rent(frame.Length);
        frame.CopyTo(buffer, 0);
        return new InboundMessage(new TopicInfo(topic, kind, "f", "d"), buffer, frame.Length, T0.ToUnixTimeMilliseconds(), acknowledger, state);
    }

    [Fact]
    public async Task FlushAsync_StatusAndLogHandlersStoreDown_HeldUnacknowledgedThenAcknowledgedAfterRecovery()
    {
        // The database is down for the first three handler calls (DeviceMonitor's UpsertDeviceAsync would throw an
        // NpgsqlException or IOException): the writer must wait and retry, not throw out of the hosted service.
        var time = new FakeTimeProvider(T0);
        var store = new FlakyTelemetryStore(failures: 0);
        var acknowledger = new RecordingAcknowledger(() => store.Commits);
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions());
        var metrics = new GatewayMetrics();
        var queue = new IngestQueue(options, metrics);
        var sink = new FailingSink { Failure = call => call <= 3 ? new IOException("connection refused") : null };
        var writer = new IngestWriter(queue, store, [sink], metrics, time, options, NullLogger<IngestWriter>.Instance);
        writer.Add(Framed(queue, TopicKind.Status, Frames.Status(DeviceState.Online), "status", acknowledger));
        writer.Add(Framed(queue, TopicKind.Log, Frames.Log("disk warm"), "log", acknowledger));

        Task flush = writer.FlushAsync(CancellationToken.None);
        for (int i = 0; i < 20 && !flush.IsCompleted; i++)
        {
            Assert.Empty(acknowledger.Acks);
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        await flush.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["status", "log"], acknowledger.Acks.Select(a => (string)a.State));
        Assert.Equal((5, 2), (sink.Calls, sink.Handled));
    }

    [Fact]
    public async Task FlushAsync_LogRefusedByStoreForGood_QuarantinedWithReasonAndAcknowledged()
    {
        // PostgreSQL refusing a value (22021: NUL in text) is about this message: retrying cannot help, so it is
        // quarantined with the reason and acknowledged instead of redelivered forever.
        using var dir = new TempDirectory();
        await using var store = new IotStack.Gateway.Storage.SqliteGatewayStore(dir.File("refused.db"));
        await store.InitializeAsync(CancellationToken.None);
        var time = new FakeTimeProvider(T0);
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions());
        var metrics = new GatewayMetrics();
        var queue = new IngestQueue(options, metrics);
        var acknowledger = new RecordingAcknowledger(() => (int)metrics.Commits);
        var sink = new FailingSink { Failure = _ => new Npgsql.PostgresException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "ERROR", "22021") };
        var writer = new IngestWriter(queue, store, [sink], metrics, time, options, NullLogger<IngestWriter>.Instance);
        writer.Add(Framed(queue, TopicKind.Log, Frames.Log("bad\0text"), "log", acknowledger));

        await writer.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["log"], acknowledger.Acks.Select(a => (string)a.State));
        Assert.Equal(1, sink.Calls);
        var entry = Assert.Single(await store.ReadQuarantineAsync(10, CancellationToken.None));
        Assert.Equal("iot/f/d/log", entry.Topic);
        Assert.Contains("22021", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueAsync_FullInDropNewestMode_RefusedCountedAndAcknowledged()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Ingest = { QueueCapacity = 1, FullMode = QueueFullMode.DropNewest } });
        var metrics = new GatewayMetrics();
        var queue = new IngestQueue(options, metrics);
        var acknowledger = new RecordingAcknowledger(() => 0);

        await queue.EnqueueAsync(Message(queue, 1, acknowledger), CancellationToken.None);
        await queue.EnqueueAsync(Message(queue, 2, acknowledger), CancellationToken.None);

        Assert.Equal((1, 1L), (queue.Count, metrics.QueueRefused));
        Assert.Equal([2u], acknowledger.Acks.Select(a => (uint)a.State));
        Assert.True(queue.Reader.TryRead(out InboundMessage kept));
        Assert.Equal(1u, (uint)kept.AckState!);
    }
}
