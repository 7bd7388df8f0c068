using IotStack.Firmware.Host.Fleet;
using Microsoft.AspNetCore.Builder;

namespace IotStack.Console.Tests.Support;

/// <summary>Stops what a test gateway fixture started, boards first, and removes its folder.</summary>
internal static class GatewayTeardown
{
    public static async Task StopAsync(VirtualFleet? fleet, WebApplication? app, string folder)
    {
        fleet?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A straggling pooled handle; the folder is under /tmp.
        }
    }
}
