using IotStack.Gateway.Ingest;
using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Tests.Ingest;

/// <summary>
/// A sink whose status, finding, log and reply handlers throw what <see cref="Failure"/> returns (null: succeed), the
/// way DeviceMonitor throws when its store is down or refuses a value. Counts calls and successes per kind.
/// </summary>
internal sealed class FailingSink : IIngestSink
{
    private int _calls;
    private int _handled;

    public Func<int, Exception?> Failure { get; set; } = _ => null;

    public int Calls => Volatile.Read(ref _calls);

    public int Handled => Volatile.Read(ref _handled);

    public ValueTask OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnStatusAsync(TopicInfo topic, StatusReport status, CancellationToken cancellationToken) => Handle();

    public ValueTask OnFindingAsync(TopicInfo topic, IotStack.Protocol.Finding finding, CancellationToken cancellationToken) => Handle();

    public ValueTask OnLogAsync(TopicInfo topic, LogRecord log, CancellationToken cancellationToken) => Handle();

    public ValueTask OnCommandReplyAsync(TopicInfo topic, CommandReply reply, CancellationToken cancellationToken) => Handle();

    private ValueTask Handle()
    {
        int call = Interlocked.Increment(ref _calls);
        if (Failure(call) is { } failure)
        {
            return ValueTask.FromException(failure);
        }

        Interlocked.Increment(ref _handled);
        return ValueTask.CompletedTask;
    }
}
