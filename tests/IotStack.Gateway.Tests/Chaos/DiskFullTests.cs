using System.Diagnostics;
using System.Net;
using IotStack.Gateway.Tests.Support;
using Xunit.Abstractions;

namespace IotStack.Gateway.Tests.Chaos;

/// <summary>
/// The disk under the SQLite folder fills up while boards publish: SQLite answers SQLITE_FULL, the gateway holds its
/// acknowledgements (the broker keeps the messages), /health names the store, and when space comes back everything is
/// stored once without a restart. The folder is a 24 MiB tmpfs the test mounts, so it needs root, as the whole
/// suite does in CI; run as another user it fails at the mount with that message rather than skipping.
/// </summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Chaos")]
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Gateway_DiskFullUnderSqliteFolder_HoldsAcknowledgementsThenStoresEverythingWhenSpaceReturns()
    {
        using var dir = new TempDirectory();
        string data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", data);
        try
        {
            await using (ChaosScene scene = await ChaosScene.StartAsync("full", dir.Path, Path.Combine(data, "gateway.db")))
            {
                ChaosBoards boards = await scene.StartBoardsAsync(boards: 10, pause: TimeSpan.FromMilliseconds(50), warmUp: 300);
                GatewayProcess gateway = scene.Gateway;

                // Fill what is left; dd stops at ENOSPC (exit 1), which is the point.
                string filler = Path.Combine(data, "filler");
                await RunAsync("dd", true, "if=/dev/zero", $"of={filler}", "bs=64k");
                // The ingest writer's own dependency ("store"; the WAL checkpointer may show first as "store:checkpoint").
                string degraded = "";
                await Eventually.TrueAsync(async () => (degraded = await gateway.HealthBodyAsync()).Contains("\"store\"", StringComparison.Ordinal), "/health names the store on a full disk", 90);
                await ChaosRig.WaitAcknowledgedAsync(boards, 300, "boards still publishing to the broker");
                Assert.True(gateway.IsAlive, scene.Describe());

                File.Delete(filler);
                await ChaosRig.WaitAcknowledgedAsync(boards, 100, "load after space returned");
                await boards.StopAsync();

                await scene.AssertStoredExactlyOnceAsync();
                await Eventually.TrueAsync(async () => await gateway.HealthAsync() == HttpStatusCode.OK, "/health ok again", ChaosRig.RecoverySeconds);
                Assert.Contains("\"degraded\"", degraded, StringComparison.Ordinal);
                Assert.True(gateway.IsAlive);
                Assert.Equal(1, gateway.Starts);
                scene.AssertMemoryBounded(output);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await RunAsync("umount", "-l", data);
        }
    }

    private static Task RunAsync(string file, params string[] args) => RunAsync(file, false, args);

    private static async Task RunAsync(string file, bool failureExpected, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !failureExpected)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error} (the disk-full test mounts a tmpfs: it needs root, as CI runs)");
        }
    }
}
