using IotStack.Ota.Rollouts;

namespace IotStack.Ota.Tests.Rollouts;

/// <summary>What every <see cref="ICampaignStore"/> must do; one derived class per implementation.</summary>
public abstract class CampaignStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A store on the same data as every other one this test made (a restarted gateway, or another gateway).</summary>
    private protected abstract ICampaignStore Open();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    private static Campaign NewCampaign(string id) => new()
    {
        Id = id,
        Board = "esp32",
        Version = "2.0.0",
        RollbackVersion = "1.0.0",
        Group = "line-1",
        Devices = [new DeviceRef("plant", "extra", "1.0.0")],
        StartAt = T0,
        Policy = new RolloutPolicy { CanaryCount = 1, BatchSize = 2, SoakPeriod = TimeSpan.FromMinutes(10) },
    };

    [Fact]
    public void LoadAll_FromAnotherStore_SeesLatestCampaignAndDeviceState()
    {
        var writer = Open();
        var campaign = NewCampaign("c1");
        writer.SaveCampaign(campaign);
        var device = new DeviceProgress { Fleet = "plant", Device = "b0", Wave = 0, State = DeviceRolloutState.Downloading, Percent = 25, Changed = T0 };
        writer.SaveDevice("c1", device);
        campaign.State = CampaignState.Soaking;
        campaign.Wave = 0;
        campaign.SoakStartedAt = T0.AddMinutes(3);
        campaign.WaveStarts.Add(T0.AddMinutes(1));
        campaign.Reason = "soaking";
        writer.SaveCampaign(campaign);
        device.State = DeviceRolloutState.Confirmed;
        device.Percent = 100;
        device.Attempts = 2;
        device.Reason = null;
        device.Changed = T0.AddMinutes(2);
        writer.SaveDevice("c1", device);
        writer.SaveDevice("c1", new DeviceProgress { Fleet = "plant", Device = "b1", Reason = "waiting", Changed = T0 });

        var (loaded, devices) = Assert.Single(Open().LoadAll());

        Assert.Equal(("c1", CampaignState.Soaking, 0, "soaking", T0.AddMinutes(3)), (loaded.Id, loaded.State, loaded.Wave, loaded.Reason, loaded.SoakStartedAt));
        Assert.Equal([T0.AddMinutes(1)], loaded.WaveStarts);
        Assert.Equal("extra", Assert.Single(loaded.Devices).Device);
        Assert.Equal(TimeSpan.FromMinutes(10), loaded.Policy.SoakPeriod);
        var byKey = devices.ToDictionary(d => d.Device);
        Assert.Equal((0, DeviceRolloutState.Confirmed, 100, 2, (string?)null, T0.AddMinutes(2)),
            (byKey["b0"].Wave, byKey["b0"].State, byKey["b0"].Percent, byKey["b0"].Attempts, byKey["b0"].Reason, byKey["b0"].Changed));
        Assert.Equal((-1, DeviceRolloutState.Pending, "waiting"), (byKey["b1"].Wave, byKey["b1"].State, byKey["b1"].Reason));
    }

    [Fact]
    public void LoadAll_TwoCampaigns_EachWithItsOwnDevices()
    {
        var store = Open();
        store.SaveCampaign(NewCampaign("b"));
        store.SaveCampaign(NewCampaign("a"));
        store.SaveDevice("a", new DeviceProgress { Fleet = "plant", Device = "x", Changed = T0 });
        store.SaveDevice("b", new DeviceProgress { Fleet = "plant", Device = "y", Changed = T0 });
        store.SaveDevice("b", new DeviceProgress { Fleet = "other", Device = "y", Changed = T0 });

        var all = store.LoadAll();

        Assert.Equal(["a", "b"], all.Select(c => c.Campaign.Id));
        Assert.Equal(["plant/x"], all[0].Devices.Select(d => d.Key));
        Assert.Equal(["other/y", "plant/y"], all[1].Devices.Select(d => d.Key).Order(StringComparer.Ordinal));
    }
}
