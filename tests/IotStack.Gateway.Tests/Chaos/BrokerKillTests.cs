using System.Net;
using IotStack.Gateway.Tests.Support;
using IotStack.TestServices;
using Xunit.Abstractions;

namespace IotStack.Gateway.Tests.Chaos;

/// <summary>
/// Mosquitto SIGKILLed under load and started again on its persistence: boards and gateway reconnect by themselves,
/// the gateway's /health shows the broker while it is away, and nothing the gateway received is lost or doubled.
/// A broker crash can lose what it had acknowledged to boards after its last save and not yet handed to the gateway
/// (Mosquitto acknowledges before it persists; autosave_interval bounds it, docs/resilience.md). The broker here saves
/// (SIGUSR1) just before the SIGKILL, standing for a broker that ran longer than one autosave interval; batches
/// acknowledged between that save and the kill are the only ones allowed to be missing, and their loss is reported.
/// Every batch before the save and after the restart must be stored exactly once.
/// </summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Chaos")]
public sealed class BrokerKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Mosquitto_Kill9AndRestartUnderLoad_GatewayReconnectsAndStoresEveryBatchOnce()
    {
        using var dir = new TempDirectory();
        await using ChaosScene scene = await ChaosScene.StartAsync("bkill", dir.Path, dir.File("gateway.db"));
        ChaosBoards boards = await scene.StartBoardsAsync(boards: 10, pause: TimeSpan.FromMilliseconds(50), warmUp: 300);
        GatewayProcess gateway = scene.Gateway;
        PrivateMosquitto broker = scene.Broker;

        Dictionary<string, uint> beforeSave = boards.Snapshot();
        await broker.SaveAsync();
        await broker.KillAsync();
        Dictionary<string, uint> atKill = await SettledAsync(boards);
        output.WriteLine($"before save {beforeSave.Values.Sum(v => v)}, at kill {atKill.Values.Sum(v => v)}, PUBACKs without subscribers so far {boards.NoSubscriberAcks}");
        var crashWindow = beforeSave.ToDictionary(p => p.Key, p => (p.Value, atKill[p.Key]));
        await Eventually.TrueAsync(async () => await gateway.HealthAsync() == HttpStatusCode.ServiceUnavailable, "/health names the broker", 60);
        string degraded = await gateway.HealthBodyAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await broker.StartAgainAsync();
        await ChaosRig.WaitAcknowledgedAsync(boards, 300, "boards publishing again");
        await boards.StopAsync();

        output.WriteLine($"PUBACKs without subscribers: {boards.NoSubscriberAcks}, publish failures: {boards.PublishFailures}");
        int lost = await scene.AssertStoredExactlyOnceAsync(crashWindow);
        output.WriteLine($"{boards.TotalAcknowledged} batches acknowledged, {atKill.Values.Sum(v => v) - beforeSave.Values.Sum(v => v)} of them between the broker's last save and its SIGKILL, {lost} of those lost with the broker");
        await Eventually.TrueAsync(async () => await gateway.HealthAsync() == HttpStatusCode.OK, "/health ok again", ChaosRig.RecoverySeconds);
        Assert.Contains("broker", degraded, StringComparison.Ordinal);
        Assert.True(gateway.IsAlive);
        Assert.Equal(1, gateway.Starts);
        scene.AssertMemoryBounded(output);
    }

    /// <summary>
    /// The boards' counters once the PUBACKs read before the kill have all been counted (on a loaded machine their
    /// continuations run late): the broker is dead, so the total stops moving.
    /// </summary>
    private static async Task<Dictionary<string, uint>> SettledAsync(ChaosBoards boards)
    {
        long last = -1;
        for (int i = 0; i < 40 && boards.TotalAcknowledged != last; i++)
        {
            last = boards.TotalAcknowledged;
            await Task.Delay(500);
        }

        return boards.Snapshot();
    }
}
