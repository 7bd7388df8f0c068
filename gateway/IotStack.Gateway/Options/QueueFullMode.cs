namespace IotStack.Gateway.Options;

internal enum QueueFullMode
{
    /// <summary>Stop reading from the broker until there is room (backpressure; nothing is lost, the broker queues).</summary>
    Wait,

    /// <summary>Refuse the new message, count it and acknowledge it (data is lost, ingest never stalls).</summary>
    DropNewest,
}
