namespace IotStack.Gateway.Storage;

internal enum StorageProvider
{
    Sqlite,
    Postgres,
}
