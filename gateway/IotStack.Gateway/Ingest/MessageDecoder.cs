using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Ingest;

/// <summary>
/// Decodes one message by topic kind into instances reused for the writer's lifetime. A payload that
/// does not decode goes to quarantine with its <see cref="DecodeStatus"/>; it never stops ingest.
/// </summary>
internal sealed class MessageDecoder(int quarantineBytes)
{
    private readonly TelemetryBatch _batch = new();
    private readonly StatusReport _status = new();
    private readonly Protocol.Finding _finding = new();
    private readonly LogRecord _log = new();
    private readonly CommandReply _reply = new();

    public async ValueTask DecodeAsync(InboundMessage message, WriteSet set, IIngestSink sink, long nowMs, CancellationToken cancellationToken)
    {
        TopicInfo topic = message.Topic;
        DecodeStatus status;
        switch (topic.Kind)
        {
            case TopicKind.Telemetry:
                status = _batch.ReadFrom(message.Buffer, 0, message.Length);
                if (status == DecodeStatus.Ok)
                {
                    set.BeginBatch(topic.DeviceId!, topic.Fleet!, _batch.Sequence, message.ReceivedMs);
                    for (int i = 0; i < _batch.Count; i++)
                    {
                        set.AddSample(_batch.ChannelAt(i), _batch.TimeAt(i), _batch.ValueAt(i));
                    }
                }

                break;
            case TopicKind.Status:
                status = message.Length == 0 ? DecodeStatus.Ok : _status.ReadFrom(message.Buffer, 0, message.Length);
                if (status == DecodeStatus.Ok && message.Length > 0)
                {
                    await sink.OnStatusAsync(topic, _status, cancellationToken).ConfigureAwait(false);
                }

                break;
            case TopicKind.Finding:
                status = _finding.ReadFrom(message.Buffer, 0, message.Length);
                if (status == DecodeStatus.Ok)
                {
                    await sink.OnFindingAsync(topic, _finding, cancellationToken).ConfigureAwait(false);
                }

                break;
            case TopicKind.Log:
                status = _log.ReadFrom(message.Buffer, 0, message.Length);
                if (status == DecodeStatus.Ok)
                {
                    await sink.OnLogAsync(topic, _log, cancellationToken).ConfigureAwait(false);
                }

                break;
            case TopicKind.CommandReply:
                status = _reply.ReadFrom(message.Buffer, 0, message.Length);
                if (status == DecodeStatus.Ok)
                {
                    await sink.OnCommandReplyAsync(topic, _reply, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                // Subscribed filters only deliver known kinds; anything else is a topic we do not understand.
                status = DecodeStatus.UnknownType;
                break;
        }

        if (status != DecodeStatus.Ok)
        {
            int kept = Math.Min(message.Length, quarantineBytes);
            set.AddQuarantine(new QuarantineEntry(
                DateTimeOffset.FromUnixTimeMilliseconds(nowMs), topic.Topic, status, message.Buffer.AsSpan(0, kept).ToArray(), message.Length));
        }
    }
}
