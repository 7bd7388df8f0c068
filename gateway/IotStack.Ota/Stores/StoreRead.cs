namespace IotStack.Ota.Stores;

internal readonly record struct StoreRead(StoreStatus Status, byte[] Data, string? Error)
{
    public static StoreRead Ok(byte[] data) => new(StoreStatus.Ok, data, null);

    public static StoreRead NotFound(string key) => new(StoreStatus.NotFound, [], $"{key} not found");

    public static StoreRead Failed(string error) => new(StoreStatus.Failed, [], error);
}
