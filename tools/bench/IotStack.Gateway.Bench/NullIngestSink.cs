using IotStack.Gateway.Ingest;
using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Bench;

/// <summary>Takes the writer's hand-offs and does nothing: the writer benchmark measures decode, store and acknowledgement alone.</summary>
internal sealed class NullIngestSink : IIngestSink
{
    public ValueTask OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnStatusAsync(TopicInfo topic, StatusReport status, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnFindingAsync(TopicInfo topic, IotStack.Protocol.Finding finding, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnLogAsync(TopicInfo topic, LogRecord log, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnCommandReplyAsync(TopicInfo topic, CommandReply reply, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
