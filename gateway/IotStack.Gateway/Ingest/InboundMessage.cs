namespace IotStack.Gateway.Ingest;

/// <summary>
/// One received MQTT message waiting in the ingest queue. <see cref="Buffer"/> is rented from the shared
/// ArrayPool (the broker client's own buffer is only valid inside its callback) and returned by the writer.
/// <see cref="Acknowledge"/> is called only after the message is stored (MQTT 5 §4.3.2: the broker
/// redelivers an unacknowledged QoS 1 message on the next session).
/// </summary>
internal readonly record struct InboundMessage(TopicInfo Topic, byte[] Buffer, int Length, long ReceivedMs, Func<CancellationToken, ValueTask>? Acknowledge);
