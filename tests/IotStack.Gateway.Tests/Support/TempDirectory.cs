namespace IotStack.Gateway.Tests.Support;

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "iotstack-gw-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Environment.GetEnvironmentVariable("IOTSTACK_KEEP_TEMP") is null) { Directory.Delete(Path, recursive: true); }
        }
        catch (IOException)
        {
        }
    }
}
