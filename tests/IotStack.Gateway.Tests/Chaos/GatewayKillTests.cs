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
        await using GatewayProcess gateway = await ChaosRig.StartGatewayAsync(broker, dir.Path, db, "kill");
        await using ChaosBoards boards = ChaosBoards.Start(broker, boards: 20, pause: TimeSpan.FromMilliseconds(20));
        await ChaosRig.WaitAcknowledgedAsync(boards, 500, "boards publishing");
        long baseline = gateway.RssBytes();
        await using var memory = new MemoryWatch(gateway.RssBytes);

        for (int kill = 1; kill <= 3; kill++)
        {
            await ChaosRig.WaitAcknowledgedAsync(boards, 500, $"load before kill {kill}");
            await gateway.KillAsync();
            await ChaosRig.WaitAcknowledgedAsync(boards, 500, $"broker queues for the dead gateway ({kill})");
            await gateway.StartAgainAsync();
        }

        await ChaosRig.WaitAcknowledgedAsync(boards, 200, "load after the last restart");
        await boards.StopAsync();

        await ChaosRig.AssertStoredExactlyOnceAsync(db, boards, () => ChaosRig.Describe(gateway, broker));
        Assert.True(gateway.IsAlive, ChaosRig.Describe(gateway, broker));
        Assert.Equal(HttpStatusCode.OK, await gateway.HealthAsync());
        ChaosRig.AssertMemoryBounded(memory, baseline, output);
        Assert.DoesNotContain("Outgoing messages are being dropped", broker.Log(), StringComparison.Ordinal);
    }
}
