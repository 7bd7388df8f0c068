using System.Buffers;
using System.Threading.Channels;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Ingest;

/// <summary>
/// The bounded hand-off between the broker client (one producer) and the store writer (one consumer).
/// When full it either waits (backpressure reaches the broker, which holds the messages) or refuses the
/// message, counts it and acknowledges it so the broker moves on; the mode is configured, never implied.
/// </summary>
internal sealed class IngestQueue
{
    private readonly Channel<InboundMessage> _channel;
    private readonly QueueFullMode _fullMode;
    private readonly GatewayMetrics _metrics;

    /// <summary>
    /// Payload copies between the broker client and the writer. Not ArrayPool.Shared: it keeps only a few arrays
    /// per size and thread, so a queue holding thousands would allocate a fresh copy per message. This pool keeps
    /// up to a full queue plus a flush of frame-sized arrays (its limit); a larger payload is allocated and dropped.
    /// </summary>
    public ArrayPool<byte> Buffers { get; }

    public IngestQueue(IOptions<GatewayOptions> options, GatewayMetrics metrics)
    {
        IngestOptions ingest = options.Value.Ingest;
        _fullMode = ingest.FullMode;
        _metrics = metrics;
        _channel = Channel.CreateBounded<InboundMessage>(new BoundedChannelOptions(ingest.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            // Device ownership adds a writer per owned partition's MQTT session (Cluster/PartitionSession).
            SingleWriter = options.Value.Cluster.Partitions == 0,
        });
        metrics.QueueDepth = () => _channel.Reader.Count;
        Buffers = ArrayPool<byte>.Create(Protocol.Frame.MaxFrameSize + 1, ingest.QueueCapacity + ingest.MaxBatch);
    }

    public ChannelReader<InboundMessage> Reader => _channel.Reader;

    /// <summary>
    /// A received payload as a queued message: copied into one of <see cref="Buffers"/> (the client's buffer is only valid
    /// inside its callback), cut at MaxFrameSize + 1, which still decodes as Oversize: the frame never trusts its length field alone.
    /// </summary>
    public InboundMessage Copy(TopicInfo topic, ReadOnlySequence<byte> payload, long receivedMs, IInboundAcknowledger acknowledger, object state)
    {
        int length = (int)Math.Min(payload.Length, Protocol.Frame.MaxFrameSize + 1);
        byte[] buffer = Buffers.Rent(Math.Max(length, 1));
        payload.Slice(0, length).CopyTo(buffer);
        return new InboundMessage(topic, buffer, length, receivedMs, acknowledger, state);
    }

    public int Count => _channel.Reader.Count;

    /// <summary>Messages put in the queue since start (refused ones not counted): the writer's <see cref="IngestWriter.WaitIdleAsync"/> waits for a count of them.</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    private long _enqueued;

    /// <summary>Queues a message; synchronous unless the queue is full in Wait mode.</summary>
    public ValueTask EnqueueAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        _metrics.MessageReceived();
        if (_channel.Writer.TryWrite(message))
        {
            Interlocked.Increment(ref _enqueued);
            return ValueTask.CompletedTask;
        }

        if (_fullMode == QueueFullMode.Wait)
        {
            Interlocked.Increment(ref _enqueued);
            return _channel.Writer.WriteAsync(message, cancellationToken);
        }

        return RefuseAsync(message, cancellationToken);
    }

    private async ValueTask RefuseAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        _metrics.Refused();
        Buffers.Return(message.Buffer);
        await message.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Complete() => _channel.Writer.TryComplete();
}
