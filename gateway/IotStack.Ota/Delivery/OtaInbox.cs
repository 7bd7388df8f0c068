using System.Threading.Channels;
using IotStack.Protocol;

namespace IotStack.Ota.Delivery;

/// <summary>
/// Where the host's MQTT ingress leaves board → gateway OTA messages (<see cref="TopicKind.OtaRequest"/>,
/// <see cref="TopicKind.OtaProgress"/>) for the <see cref="ChunkServer"/>'s workers. Bounded: the receive path never
/// waits on the image store, and a flood of requests is dropped and counted (boards ask again after their timeout).
/// </summary>
internal sealed class OtaInbox
{
    /// <summary>The kinds OTA takes from the ingress.</summary>
    public static readonly TopicKind[] Kinds = [TopicKind.OtaRequest, TopicKind.OtaProgress];

    private readonly Channel<OtaMessage> _channel;
    private long _dropped;

    public OtaInbox(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _channel = System.Threading.Channels.Channel.CreateBounded<OtaMessage>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Requests and reports dropped because the inbox was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<OtaMessage> Reader => _channel.Reader;

    /// <summary>
    /// Never blocks; false (and counted) when the inbox is full or the message is not OTA's. (Wait mode, written with
    /// TryWrite only: DropWrite would report a dropped message as written, and nothing would be counted.)
    /// </summary>
    public bool Post(OtaMessage message)
    {
        if (message.Kind is not (TopicKind.OtaRequest or TopicKind.OtaProgress) || !_channel.Writer.TryWrite(message))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        return true;
    }

    public void Complete() => _channel.Writer.TryComplete();
}
