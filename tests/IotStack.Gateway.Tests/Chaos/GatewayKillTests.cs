using System.Net;
using IotStack.Gateway.Tests.Support;
using IotStack.TestServices;
using Xunit.Abstractions;

namespace IotStack.Gateway.Tests.Chaos;

/// <summary>
/// The gateway process SIGKILLed three times while boards keep publishing: whatever it had not committed it had not
/// acknowledged, so the broker (shipped settings, persistent session) hands it over again to the next process.
/// </summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Chaos")]
public sealed class GatewayKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Gateway_Kill9ThreeTimesUnderLoad_RestartsAndStoresEveryAcknowledgedBatchOnce()
    {
        await using PrivateMosquitto broker = await PrivateMosquitto.StartAsync();
        using var dir = new TempDirectory();
        string db = dir.File("gateway.db");
        await using GatewayProcess gateway = await GatewayProcess.StartAsync(dir.Path, ChaosRig.GatewaySettings(broker, db, "gw-kill-" + Guid.NewGuid().ToString("N")[..8]));
        await using ChaosBoards boards = ChaosBoards.Start(broker.Host, broker.Port, boards: 20, pause: TimeSpan.FromMilliseconds(20));
        await Eventually.TrueAsync(() => Task.FromResult(boards.TotalAcknowledged > 500), "boards publishing", ChaosRig.RecoverySeconds);
        long baseline = gateway.RssBytes();
        await using var memory = new MemoryWatch(gateway.RssBytes);

        for (int kill = 1; kill <= 3; kill++)
        {
            long before = boards.TotalAcknowledged;
            await Eventually.TrueAsync(() => Task.FromResult(boards.TotalAcknowledged > before + 500), $"load before kill {kill}", ChaosRig.RecoverySeconds);
            await gateway.KillAsync();
            long whileDown = boards.TotalAcknowledged;
            await Eventually.TrueAsync(() => Task.FromResult(boards.TotalAcknowledged > whileDown + 500), $"broker queues for the dead gateway ({kill})", ChaosRig.RecoverySeconds);
            await gateway.StartAgainAsync();
        }

        await Eventually.TrueAsync(() => Task.FromResult(boards.TotalAcknowledged > 0), "load after the last restart");
        await boards.StopAsync();

        await ChaosRig.AssertStoredExactlyOnceAsync(db, boards, () => ChaosRig.Describe(gateway, broker));
        Assert.True(gateway.IsAlive, ChaosRig.Describe(gateway, broker));
        Assert.Equal(HttpStatusCode.OK, await gateway.HealthAsync());
        ChaosRig.AssertMemoryBounded(memory, baseline, output);
        Assert.DoesNotContain("Outgoing messages are being dropped", broker.Log(), StringComparison.Ordinal);
    }
}
