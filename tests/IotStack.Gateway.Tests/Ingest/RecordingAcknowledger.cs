using IotStack.Gateway.Ingest;

namespace IotStack.Gateway.Tests.Ingest;

/// <summary>Records which messages were acknowledged and, for each, how many commits the store had made by then.</summary>
internal sealed class RecordingAcknowledger(Func<int> commits) : IInboundAcknowledger
{
    public List<(object State, int CommitsAtAck)> Acks { get; } = new();

    public ValueTask AcknowledgeAsync(object state, CancellationToken cancellationToken)
    {
        lock (Acks)
        {
            Acks.Add((state, commits()));
        }

        return ValueTask.CompletedTask;
    }
}
