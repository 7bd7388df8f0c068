using System.Diagnostics;
using IotStack.Ota.Rollouts;
using IotStack.Ota.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Ota.Tests.Rollouts;

/// <summary>Campaigns on live services: releases in s3rver, offers and chunks over Mosquitto, boards running the portable updater.</summary>
public sealed class RolloutEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iotstack-rollout-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(RolloutEngine Engine, SqliteCampaignStore Store, InMemoryFleet Fleet)> EngineAsync(OtaRig rig, int devices)
    {
        var fleet = new InMemoryFleet();
        foreach (var d in rig.AddDevices(devices))
        {
            fleet.Join("all", new DeviceRef(rig.Fleet, d.Id, "1.0.0"));
        }

        var store = new SqliteCampaignStore(Path.Combine(_dir, "c.db"));
        var engine = new RolloutEngine(store, rig.Catalog, rig.Offers, fleet, fleet, TimeProvider.System, NullLogger<RolloutEngine>.Instance);
        rig.Progress.Next = engine;
        await Task.CompletedTask;
        return (engine, store, fleet);
    }

    private static async Task<CampaignStatus> RunUntilDoneAsync(RolloutEngine engine, string id, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            await engine.TickAsync();
            var status = engine.Status(id)!;
            if (status.State is CampaignState.Completed or CampaignState.Aborted)
            {
                return status;
            }

            await Task.Delay(50);
        }

        return engine.Status(id)!;
    }

    [Fact]
    public async Task Campaign_HundredVirtualBoards_AllConfirmedInCanaryThenBatches()
    {
        await using var rig = await OtaRig.StartAsync();
        await rig.PublishAsync("1.1.0", size: 8_000);
        var (engine, store, _) = await EngineAsync(rig, 100);
        using var _s = store;
        using var _e = engine;

        await engine.CreateAsync(new Campaign
        {
            Id = "all-1.1.0", Board = "esp32", Version = "1.1.0", RollbackVersion = null, Group = "all",
            Policy = new RolloutPolicy { CanaryCount = 5, BatchPercent = 0.5, BatchSize = 1, SoakPeriod = TimeSpan.FromMilliseconds(100), AttemptTimeout = TimeSpan.FromSeconds(20), RetryDelay = TimeSpan.FromMilliseconds(200) },
        }, CancellationToken.None);
        var status = await RunUntilDoneAsync(engine, "all-1.1.0", TimeSpan.FromSeconds(60));

        Assert.True(status.State == CampaignState.Completed, $"{status.State}: {status.Reason}");
        Assert.Equal(100, status.Count(DeviceRolloutState.Confirmed));
        Assert.Equal(2, status.Devices.Max(d => d.Wave)); // 5 canaries, then two batches of 50
        Assert.All(rig.Devices, d => Assert.Equal("1.1.0", d.RunningVersion));
    }

    [Fact]
    public async Task Campaign_ReleaseFailsHealthCheckOnBoards_BoardsRollBackAndCampaignAborts()
    {
        await using var rig = await OtaRig.StartAsync();
        await rig.PublishAsync("1.1.0", size: 4_000);
        var (engine, store, _) = await EngineAsync(rig, 6);
        using var _s = store;
        using var _e = engine;
        foreach (var d in rig.Devices)
        {
            d.SickVersions.Add("1.1.0");
        }

        await engine.CreateAsync(new Campaign
        {
            Id = "bad", Board = "esp32", Version = "1.1.0", Group = "all",
            Policy = new RolloutPolicy { CanaryCount = 2, BatchSize = 2, FailureThreshold = 0.4, SoakPeriod = TimeSpan.FromMilliseconds(100), AttemptTimeout = TimeSpan.FromSeconds(20) },
        }, CancellationToken.None);
        var status = await RunUntilDoneAsync(engine, "bad", TimeSpan.FromSeconds(60));

        Assert.Equal(CampaignState.Aborted, status.State);
        Assert.Contains("health check", status.Reason);
        Assert.InRange(status.Count(DeviceRolloutState.RolledBack), 1, 2); // the first rollback already crosses 40 % of 2
        Assert.Equal(4, status.Count(DeviceRolloutState.Pending));

        // A canary still mid-update when the campaign stopped finishes, fails probation and rolls back by itself.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15) && rig.Devices.Any(d => d.RunningVersion != "1.0.0" || d.Updater.Step != IotStack.Firmware.Ota.OtaStep.Idle))
        {
            await Task.Delay(50);
        }

        Assert.All(rig.Devices, d => Assert.Equal("1.0.0", d.RunningVersion));
    }
}
