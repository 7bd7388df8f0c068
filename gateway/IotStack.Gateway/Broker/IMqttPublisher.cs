namespace IotStack.Gateway.Broker;

/// <summary>Gateway → board publishes (commands, OTA). Returns false when not connected or the broker refused it.</summary>
internal interface IMqttPublisher
{
    Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken);
}
