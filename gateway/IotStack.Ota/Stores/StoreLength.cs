namespace IotStack.Ota.Stores;

internal readonly record struct StoreLength(StoreStatus Status, long Length, string? Error);
