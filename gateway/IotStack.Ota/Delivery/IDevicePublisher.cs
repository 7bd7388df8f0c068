namespace IotStack.Ota.Delivery;

/// <summary>
/// Gateway → board publishes OTA needs (retained offers, chunks), on the connection the host owns: OTA runs no MQTT
/// client of its own. False when not connected or the broker refused the publish.
/// </summary>
internal interface IDevicePublisher
{
    Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken);
}
