namespace IotStack.Gateway.Ingest;

/// <summary>
/// Sends the broker acknowledgement for a message the writer has stored. The broker client is the one
/// implementation and passes itself plus its per-message state, so queueing a message allocates no callback.
/// </summary>
internal interface IInboundAcknowledger
{
    ValueTask AcknowledgeAsync(object state, CancellationToken cancellationToken);
}
