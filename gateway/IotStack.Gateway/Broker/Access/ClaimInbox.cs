using System.Buffers;
using System.Threading.Channels;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Metrics;
using IotStack.Protocol;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// The claim request kind's share of the gateway's one MQTT connection (<see cref="IMqttRoute"/>, every fleet): requests
/// wait here for the <see cref="ClaimDesk"/>, off the receive path. Bounded: a flood of claims is refused (counted)
/// rather than allowed to hold up telemetry.
/// </summary>
internal sealed partial class ClaimInbox(GatewayMetrics metrics, ILogger<ClaimInbox> logger) : IMqttRoute
{
    private const int Capacity = 1024;
    private static readonly TopicKind[] Owned = [TopicKind.ClaimRequest];

    private readonly Channel<(TopicInfo Topic, byte[] Payload)> _channel = System.Threading.Channels.Channel.CreateBounded<(TopicInfo, byte[])>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public IReadOnlyList<TopicKind> Kinds => Owned;

    public string Fleet => "+";

    public ChannelReader<(TopicInfo Topic, byte[] Payload)> Reader => _channel.Reader;

    public void Receive(TopicInfo topic, ReadOnlySequence<byte> payload)
    {
        if (payload.Length > Frame.MaxFrameSize || !_channel.Writer.TryWrite((topic, payload.ToArray())))
        {
            metrics.ClaimRefused();
            LogDropped(topic.DeviceId ?? "(none)");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claim from client {ClientId} dropped: oversize, or too many claims waiting")]
    private partial void LogDropped(string clientId);
}
