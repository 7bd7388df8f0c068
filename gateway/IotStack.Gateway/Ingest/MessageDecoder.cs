using IotStack.Gateway.Resilience;
using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Ingest;

/// <summary>
/// Decodes one message by topic kind into instances reused for the writer's lifetime. A payload that
/// does not decode goes to quarantine with its <see cref="DecodeStatus"/>; it never stops ingest.
/// Handlers that touch a store run under <paramref name="handlers"/>: a store outage is retried (the message stays
/// unacknowledged meanwhile), a message the store refuses for good goes to quarantine with the reason (status
/// <see cref="DecodeStatus.Ok"/>: it decoded, it was refused) and is acknowledged, so it is not redelivered forever.
/// </summary>
internal sealed class MessageDecoder(int quarantineBytes, DependencyRetry handlers)
{
    private readonly TelemetryBatch _batch = new();
    private readonly StatusReport _status = new();
    private readonly Protocol.Finding _finding = new();
    private readonly LogRecord _log = new();
    private readonly CommandReply _reply = new();
    private readonly byte[] _textFrame = new byte[Frame.MaxFrameSize];

    /// <summary>
    /// A status in either form: binary, or the text form (<see cref="TextFrame"/>) in which a board whose MQTT library
    /// takes the last will as a string (nanoFramework.M2Mqtt) sends its retained Offline status.
    /// </summary>
    private DecodeStatus ReadStatus(byte[] buffer, int length)
    {
        if (!TextFrame.IsText(buffer, 0, length))
        {
            return _status.ReadFrom(buffer, 0, length);
        }

        DecodeStatus text = TextFrame.Decode(buffer, 0, length, _textFrame, out int frameLength);
        return text == DecodeStatus.Ok ? _status.ReadFrom(_textFrame, 0, frameLength) : text;
    }

    public async ValueTask DecodeAsync(InboundMessage message, WriteSet set, IIngestSink sink, long nowMs, CancellationToken cancellationToken)
    {
        TopicInfo topic = message.Topic;
        DecodeStatus status;
        string? refused = null;
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
                status = message.Length == 0 ? DecodeStatus.Ok : ReadStatus(message.Buffer, message.Length);
                if (status == DecodeStatus.Ok && message.Length > 0)
                {
                    refused = await handlers.RunAsync(static (s, ct) => s.Sink.OnStatusAsync(s.Topic, s.Message, ct), (Sink: sink, Topic: topic, Message: _status), cancellationToken).ConfigureAwait(false);
                }

                break;
            case TopicKind.Finding:
                status = _finding.ReadFrom(message.Buffer, 0, message.Length);
                if (status == DecodeStatus.Ok)
                {
                    refused = await handlers.RunAsync(static (s, ct) => s.Sink.OnFindingAsync(s.Topic, s.Message, ct), (Sink: sink, Topic: topic, Message: _finding), cancellationToken).ConfigureAwait(false);
                }

                break;
            case TopicKind.Log:
                status = _log.ReadFrom(message.Buffer, 0, message.Length);
                if (status == DecodeStatus.Ok)
                {
                    refused = await handlers.RunAsync(static (s, ct) => s.Sink.OnLogAsync(s.Topic, s.Message, ct), (Sink: sink, Topic: topic, Message: _log), cancellationToken).ConfigureAwait(false);
                }

                break;
            case TopicKind.CommandReply:
                status = _reply.ReadFrom(message.Buffer, 0, message.Length);
                if (status == DecodeStatus.Ok)
                {
                    refused = await handlers.RunAsync(static (s, ct) => s.Sink.OnCommandReplyAsync(s.Topic, s.Message, ct), (Sink: sink, Topic: topic, Message: _reply), cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                // Subscribed filters only deliver known kinds; anything else is a topic we do not understand.
                status = DecodeStatus.UnknownType;
                break;
        }

        if (status != DecodeStatus.Ok || refused is not null)
        {
            int kept = Math.Min(message.Length, quarantineBytes);
            set.AddQuarantine(new QuarantineEntry(
                DateTimeOffset.FromUnixTimeMilliseconds(nowMs), topic.Topic, status, message.Buffer.AsSpan(0, kept).ToArray(), message.Length)
            {
                Detail = refused,
            });
        }
    }
}
