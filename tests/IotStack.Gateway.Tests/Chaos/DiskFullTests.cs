using System.Diagnostics;
using System.Net;
using IotStack.Gateway.Tests.Support;
using IotStack.TestServices;
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
        await using PrivateMosquitto broker = await PrivateMosquitto.StartAsync();
        using var dir = new TempDirectory();
        string data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", data);
        try
        {
            string db = Path.Combine(data, "gateway.db");
            await using (GatewayProcess gateway = await GatewayProcess.StartAsync(dir.Path, ChaosRig.GatewaySettings(broker, db, "gw-full-" + Guid.NewGuid().ToString("N")[..8])))
            {
                await Eventually.TrueAsync(async () => await gateway.HealthAsync() == HttpStatusCode.OK, "gateway connected", ChaosRig.RecoverySeconds);
                await using ChaosBoards boards = ChaosBoards.Start(broker, boards: 10, pause: TimeSpan.FromMilliseconds(50));
                await ChaosRig.WaitAcknowledgedAsync(boards, 300, "boards publishing");
                long baseline = gateway.RssBytes();
                await using var memory = new MemoryWatch(gateway.RssBytes);

                // Fill what is left; dd stops at ENOSPC (exit 1), which is the point.
                string filler = Path.Combine(data, "filler");
                await RunAsync("dd", true, "if=/dev/zero", $"of={filler}", "bs=64k");
                // The ingest writer's own dependency ("store"; the WAL checkpointer may show first as "store:checkpoint").
                string degraded = "";
                await Eventually.TrueAsync(async () => (degraded = await gateway.HealthBodyAsync()).Contains("\"store\"", StringComparison.Ordinal), "/health names the store on a full disk", 90);
                await ChaosRig.WaitAcknowledgedAsync(boards, 300, "boards still publishing to the broker");
                Assert.True(gateway.IsAlive, ChaosRig.Describe(gateway, broker));

                File.Delete(filler);
                await ChaosRig.WaitAcknowledgedAsync(boards, 100, "load after space returned");
                await boards.StopAsync();

                await ChaosRig.AssertStoredExactlyOnceAsync(db, boards, () => ChaosRig.Describe(gateway, broker));
                await Eventually.TrueAsync(async () => await gateway.HealthAsync() == HttpStatusCode.OK, "/health ok again", ChaosRig.RecoverySeconds);
                Assert.Contains("\"degraded\"", degraded, StringComparison.Ordinal);
                Assert.True(gateway.IsAlive);
                Assert.Equal(1, gateway.Starts);
                ChaosRig.AssertMemoryBounded(memory, baseline, output);
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
