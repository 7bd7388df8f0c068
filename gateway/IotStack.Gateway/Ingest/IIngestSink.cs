using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Ingest;

/// <summary>
/// Where decoded messages go after the writer has them: one of several sibling sinks (device state, detection, board
/// logs), each handed every message by <see cref="IngestFanOut"/> and implementing only the kinds it owns (the others
/// default to nothing). Message objects are reused by the writer: copy what you keep. Telemetry arrives after its
/// commit, with only the new batches marked.
/// </summary>
internal interface IIngestSink
{
    ValueTask OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    ValueTask OnStatusAsync(TopicInfo topic, StatusReport status, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    ValueTask OnFindingAsync(TopicInfo topic, Protocol.Finding finding, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    ValueTask OnLogAsync(TopicInfo topic, LogRecord log, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    ValueTask OnCommandReplyAsync(TopicInfo topic, CommandReply reply, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
