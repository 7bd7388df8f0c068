namespace IotStack.Gateway.Storage;

internal interface IDeviceStore
{
    Task UpsertDeviceAsync(DeviceRecord device, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeviceRecord>> ReadDevicesAsync(CancellationToken cancellationToken);

    Task<DeviceRecord?> ReadDeviceAsync(string deviceId, CancellationToken cancellationToken);
}
