using System.Net;
using IotStack.Gateway.Tests.Support;
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
        using var dir = new TempDirectory();
        await using ChaosScene scene = await ChaosScene.StartAsync("kill", dir.Path, dir.File("gateway.db"));
        ChaosBoards boards = await scene.StartBoardsAsync(boards: 20, pause: TimeSpan.FromMilliseconds(20), warmUp: 500);
        GatewayProcess gateway = scene.Gateway;

        for (int kill = 1; kill <= 3; kill++)
        {
            await ChaosRig.WaitAcknowledgedAsync(boards, 500, $"load before kill {kill}");
            await gateway.KillAsync();
            await ChaosRig.WaitAcknowledgedAsync(boards, 500, $"broker queues for the dead gateway ({kill})");
            await gateway.StartAgainAsync();
        }

        await ChaosRig.WaitAcknowledgedAsync(boards, 200, "load after the last restart");
        await boards.StopAsync();

        await scene.AssertStoredExactlyOnceAsync();
        Assert.True(gateway.IsAlive, scene.Describe());
        Assert.Equal(HttpStatusCode.OK, await gateway.HealthAsync());
        scene.AssertMemoryBounded(output);
        Assert.DoesNotContain("Outgoing messages are being dropped", scene.Broker.Log(), StringComparison.Ordinal);
    }
}
