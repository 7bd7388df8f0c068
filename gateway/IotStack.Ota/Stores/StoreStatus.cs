namespace IotStack.Ota.Stores;

internal enum StoreStatus
{
    Ok = 0,
    NotFound = 1,
    Failed = 2,
}
