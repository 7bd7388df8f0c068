namespace IotStack.Gateway.Ingest;

/// <summary>
/// One received MQTT message waiting in the ingest queue. <see cref="Buffer"/> is rented from
/// <see cref="IngestQueue.Buffers"/> (the broker client's own buffer is only valid inside its callback) and
/// returned by the writer once decoded. <see cref="AcknowledgeAsync"/> is called only after the message is
/// stored (MQTT 5 §4.3.2: the broker redelivers an unacknowledged QoS 1 message on the next session).
/// </summary>
internal readonly record struct InboundMessage(TopicInfo Topic, byte[] Buffer, int Length, long ReceivedMs, IInboundAcknowledger? Acknowledger = null, object? AckState = null)
{
    public bool NeedsAcknowledgement => Acknowledger is not null;

    public ValueTask AcknowledgeAsync(CancellationToken cancellationToken) =>
        Acknowledger is null ? ValueTask.CompletedTask : Acknowledger.AcknowledgeAsync(AckState!, cancellationToken);
}
