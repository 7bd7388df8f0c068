using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Ingest;

/// <summary>
/// Where decoded messages go after the writer has them. Message objects are reused by the writer:
/// copy what you keep. Telemetry arrives after its commit, with only the new batches marked.
/// </summary>
internal interface IIngestSink
{
    ValueTask OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken);

    ValueTask OnStatusAsync(TopicInfo topic, StatusReport status, CancellationToken cancellationToken);

    ValueTask OnFindingAsync(TopicInfo topic, Protocol.Finding finding, CancellationToken cancellationToken);

    ValueTask OnLogAsync(TopicInfo topic, LogRecord log, CancellationToken cancellationToken);

    ValueTask OnCommandReplyAsync(TopicInfo topic, CommandReply reply, CancellationToken cancellationToken);
}
