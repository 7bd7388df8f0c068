using IotStack.Gateway.Ingest;
using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Tests.Ingest;

/// <summary>Counts committed hand-offs and ignores the rest: the writer tests look at storing and acknowledging only.</summary>
internal sealed class QuietSink : IIngestSink
{
    public int CommittedCalls { get; private set; }

    public ValueTask OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken)
    {
        CommittedCalls++;
        return ValueTask.CompletedTask;
    }

    public ValueTask OnStatusAsync(TopicInfo topic, StatusReport status, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnFindingAsync(TopicInfo topic, IotStack.Protocol.Finding finding, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnLogAsync(TopicInfo topic, LogRecord log, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnCommandReplyAsync(TopicInfo topic, CommandReply reply, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
