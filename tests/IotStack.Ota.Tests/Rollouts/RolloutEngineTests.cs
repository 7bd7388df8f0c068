using IotStack.Ota.Releases;
using IotStack.Ota.Rollouts;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using IotStack.Ota.Tests.Releases;
using IotStack.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Ota.Tests.Rollouts;

public sealed class RolloutEngineTests : IAsyncLifetime
{
    private const string Fleet = "plant";
    private readonly string _dir = Directory.CreateTempSubdirectory("iotstack-rollout-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeBoards _boards = new();
    private readonly InMemoryFleet _fleet = new();
    private readonly ReleaseSigner _signer = ReleaseSigner.CreateEphemeral();
    private ReleaseCatalog _catalog = null!;
    private SqliteCampaignStore _store = null!;
    private RolloutEngine _engine = null!;

    public async Task InitializeAsync()
    {
        var images = new LocalFolderImageStore(Path.Combine(_dir, "store"));
        var publisher = new ReleasePublisher(images, _time, NullLogger<ReleasePublisher>.Instance);
        await publisher.PublishAsync(ReleasePublisherTests.SampleImage(1), "1.0.0", "esp32", null, _signer, CancellationToken.None);
        await publisher.PublishAsync(ReleasePublisherTests.SampleImage(2), "2.0.0", "esp32", null, _signer, CancellationToken.None);
        _catalog = new ReleaseCatalog(images, _signer.PublicKey);
        _store = new SqliteCampaignStore(Path.Combine(_dir, "campaigns.db"));
        _engine = NewEngine();
        for (int i = 0; i < 5; i++)
        {
            _fleet.Join("line-1", new DeviceRef(Fleet, $"b{i}", "1.0.0"));
        }
    }

    public async Task DisposeAsync()
    {
        _engine.Dispose();
        _store.Dispose();
        _signer.Dispose();
        await Task.Yield();
    }

    private RolloutEngine NewEngine()
    {
        var engine = new RolloutEngine(_store, _catalog, _boards, _fleet, _fleet, _time, NullLogger<RolloutEngine>.Instance);
        _boards.Engine = engine;
        return engine;
    }

    private static Campaign NewCampaign(RolloutPolicy? policy = null) => new()
    {
        Id = "c1",
        Board = "esp32",
        Version = "2.0.0",
        RollbackVersion = "1.0.0",
        Group = "line-1",
        StartAt = new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero),
        Policy = policy ?? new RolloutPolicy { CanaryCount = 1, BatchSize = 2, SoakPeriod = TimeSpan.FromMinutes(10), RetryDelay = TimeSpan.FromSeconds(30), AttemptTimeout = TimeSpan.FromMinutes(2) },
    };

    /// <summary>Ticks and lets delivery tasks run (they complete on the thread pool).</summary>
    private async Task TickAsync()
    {
        string last = "";
        int stable = 0;
        for (int i = 0; i < 200 && stable < 3; i++)
        {
            await _engine.TickAsync();
            await Task.Delay(5);
            var s = Status;
            var now = s.State + ":" + string.Join(",", s.Devices.Select(d => d.State + "/" + d.Attempts));
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
    }

    private CampaignStatus Status => _engine.Status("c1")!;

    [Fact]
    public async Task TickAsync_HealthyRelease_ScheduledThenCanaryThenBatchesAfterSoak()
    {
        await _engine.CreateAsync(NewCampaign(), CancellationToken.None);

        await TickAsync();
        Assert.Equal(CampaignState.Scheduled, Status.State);

        _time.Advance(TimeSpan.FromHours(1));
        await TickAsync();
        Assert.Equal(CampaignState.Soaking, Status.State);
        Assert.Equal(1, Status.Count(DeviceRolloutState.Confirmed));

        _fleet.Join("line-1", new DeviceRef(Fleet, "b9", "1.0.0")); // joins mid-campaign
        for (int i = 0; i < 6 && Status.State != CampaignState.Completed; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(10));
            await TickAsync();
        }

        Assert.Equal(CampaignState.Completed, Status.State);
        Assert.Equal(6, Status.Count(DeviceRolloutState.Confirmed));
        Assert.Equal([0, 1, 1, 2, 2, 3], Status.Devices.Select(d => d.Wave).Order());
        Assert.Equal("2.0.0", _boards.VersionOf("b9"));
    }

    [Fact]
    public async Task TickAsync_CanaryRefusesImage_AbortsBeforeOtherBoardsAreOffered()
    {
        _boards.Behaviour = (_, _, _) => (OtaState.Failed, "hash: App.pe does not match the signed manifest");
        await _engine.CreateAsync(NewCampaign(), CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(1));
        await TickAsync();

        Assert.Equal(CampaignState.Aborted, Status.State);
        Assert.Contains("hash: App.pe", Status.Reason);
        Assert.Single(_boards.Offers);
        Assert.Equal(4, Status.Count(DeviceRolloutState.Pending));
    }

    [Fact]
    public async Task TickAsync_ReleaseMakesBoardsSick_HealthGateRollsThemBackAndAborts()
    {
        _fleet.HealthRule = (d, _, _) => _boards.VersionOf(d.Device) == "2.0.0"
            ? new HealthSnapshot(1, 0, 0, 0, ErrorLogRate: 40)
            : new HealthSnapshot(1, 0, 0, 0, ErrorLogRate: 1);
        await _engine.CreateAsync(NewCampaign(new RolloutPolicy { CanaryCount = 2, BatchSize = 2, SoakPeriod = TimeSpan.FromMinutes(5) }), CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(1));
        await TickAsync();
        Assert.Equal(CampaignState.Soaking, Status.State);
        _time.Advance(TimeSpan.FromMinutes(5));
        await TickAsync();
        await TickAsync();

        Assert.Equal(CampaignState.Aborted, Status.State);
        Assert.StartsWith("health gate: error logs", Status.Reason);
        Assert.Equal(2, Status.Count(DeviceRolloutState.RolledBack));
        Assert.Equal("1.0.0", _boards.VersionOf("b0"));
        Assert.Equal("1.0.0", _boards.VersionOf("b1"));
        Assert.Equal(3, Status.Count(DeviceRolloutState.Pending));
    }

    [Fact]
    public async Task TickAsync_OneWaveReleaseRebootsBoards_OwnPastBaselineRollsBackAndAborts()
    {
        var start = new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);
        // Sick only on the release and only in windows after the campaign began: the boards' own past is healthy.
        _fleet.HealthRule = (d, from, _) => _boards.VersionOf(d.Device) == "2.0.0" && from >= start
            ? new HealthSnapshot(1, 0, RebootsPerDevice: 4, 0, 0)
            : new HealthSnapshot(1, 0, 0, 0, 0);
        await _engine.CreateAsync(NewCampaign(new RolloutPolicy { CanaryCount = 5, SoakPeriod = TimeSpan.FromMinutes(5) }), CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(1));
        await TickAsync();
        Assert.Equal(CampaignState.Soaking, Status.State);
        Assert.Equal(5, Status.Count(DeviceRolloutState.Confirmed));
        _time.Advance(TimeSpan.FromMinutes(5));
        await TickAsync();
        await TickAsync();

        Assert.Equal(CampaignState.Aborted, Status.State);
        Assert.StartsWith("health gate: reboots 4/device on updated boards vs 0 on the same boards before the update", Status.Reason);
        Assert.Equal(5, Status.Count(DeviceRolloutState.RolledBack));
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal("1.0.0", _boards.VersionOf($"b{i}")));
    }

    [Fact]
    public async Task TickAsync_LastWaveAsSickAsBeforeUpdate_OwnPastBaselinePassesAndCompletes()
    {
        var windows = new List<(DateTimeOffset From, DateTimeOffset To)>();
        // The boards rebooted and logged errors as often before the update: not the release's doing.
        _fleet.HealthRule = (_, from, to) =>
        {
            lock (windows)
            {
                windows.Add((from, to));
            }

            return new HealthSnapshot(1, 0, RebootsPerDevice: 4, 0, ErrorLogRate: 30);
        };
        await _engine.CreateAsync(NewCampaign(new RolloutPolicy { CanaryCount = 2, BatchSize = 3, SoakPeriod = TimeSpan.FromMinutes(5) }), CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(1));
        await TickAsync();
        for (int i = 0; i < 4 && Status.State != CampaignState.Completed; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(5));
            await TickAsync();
        }

        Assert.Equal(CampaignState.Completed, Status.State);
        Assert.Equal(5, Status.Count(DeviceRolloutState.Confirmed));
        // Last wave: its boards were measured over the soak's length before the second wave started (13:05).
        var secondWave = new DateTimeOffset(2026, 11, 25, 13, 5, 0, TimeSpan.Zero);
        Assert.Contains((secondWave - TimeSpan.FromMinutes(5), secondWave), windows);
    }

    [Fact]
    public async Task Delivery_BoardSilentOnFirstOffer_RetriedAfterBackoffAndConfirmed()
    {
        _boards.Behaviour = (_, _, attempt) => attempt == 1 ? null : (OtaState.Confirmed, "");
        await _engine.CreateAsync(NewCampaign(), CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(1));
        await TickAsync();
        Assert.Equal(DeviceRolloutState.Offered, Status.Devices[0].State);

        _time.Advance(TimeSpan.FromMinutes(2)); // attempt timeout
        await TickAsync();
        Assert.Equal(DeviceRolloutState.Retrying, Status.Devices[0].State);
        _time.Advance(TimeSpan.FromSeconds(30)); // first backoff
        await TickAsync();

        Assert.Equal(DeviceRolloutState.Confirmed, Status.Devices[0].State);
        Assert.Equal(2, Status.Devices[0].Attempts);
    }

    [Fact]
    public async Task Pause_DuringSoak_HoldsNextWaveUntilResumed()
    {
        await _engine.CreateAsync(NewCampaign(), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        await TickAsync();

        Assert.True(_engine.Pause("c1"));
        _time.Advance(TimeSpan.FromHours(1));
        await TickAsync();
        Assert.Equal(CampaignState.Paused, Status.State);
        Assert.Equal("paused by operator", Status.Reason);
        Assert.Single(_boards.Offers);

        // Resuming re-soaks the settled wave: the pause may have hidden what the boards did meanwhile.
        Assert.True(_engine.Resume("c1"));
        await TickAsync();
        Assert.Equal(CampaignState.Soaking, Status.State);
        Assert.Equal("resumed by operator", Status.Reason);
        _time.Advance(TimeSpan.FromMinutes(10));
        await TickAsync();
        Assert.Equal(3, _boards.Offers.Count);
    }

    [Fact]
    public async Task LoadAsync_AfterGatewayRestart_ResumesCampaignWhereItWas()
    {
        await _engine.CreateAsync(NewCampaign(), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        await TickAsync();
        Assert.Equal(CampaignState.Soaking, Status.State);
        _engine.Dispose();

        _engine = NewEngine();
        await _engine.LoadAsync(CancellationToken.None);
        Assert.Equal(CampaignState.Soaking, Status.State);
        Assert.Equal(1, Status.Count(DeviceRolloutState.Confirmed));
        for (int i = 0; i < 5 && Status.State != CampaignState.Completed; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(10));
            await TickAsync();
        }

        Assert.Equal(CampaignState.Completed, Status.State);
        Assert.Equal(5, Status.Count(DeviceRolloutState.Confirmed));
    }

    [Theory]
    [InlineData((int)CampaignState.Completed, (int)CampaignEvent.Resume)]
    [InlineData((int)CampaignState.Aborted, (int)CampaignEvent.Start)]
    [InlineData((int)CampaignState.Scheduled, (int)CampaignEvent.WaveSettled)]
    public void Next_PairNotInTable_IsRefused(int from, int e)
    {
        Assert.Null(CampaignTransitions.Next((CampaignState)from, (CampaignEvent)e));
    }

    [Fact]
    public void Judge_UpdatedBoardsLikeOthers_Healthy()
    {
        var same = new HealthSnapshot(10, 3, 0.1, 0.05, 2);
        Assert.Null(HealthGate.Judge(same, same, new HealthGateOptions()));
        Assert.NotNull(HealthGate.Judge(same with { RebootsPerDevice = 2 }, same, new HealthGateOptions()));
    }

    [Theory]
    [InlineData(0, 0, 0, 0, null)]
    [InlineData(5, 0, 0, 0, "anomaly rate")]
    [InlineData(0, 1, 0, 0, "reboots")]
    [InlineData(0, 0, 0.5, 0, "heartbeat loss")]
    [InlineData(0, 0, 0, 5, "error logs")]
    public void Judge_EachSignalWorseThanBaseline_NamesThatSignal(double anomaly, double reboots, double loss, double errors, string? expected)
    {
        var baseline = new HealthSnapshot(4, 1, 0.25, 0.1, 1);
        var updated = new HealthSnapshot(4, baseline.AnomalyRate + anomaly, baseline.RebootsPerDevice + reboots, baseline.HeartbeatLoss + loss, baseline.ErrorLogRate + errors);

        string? verdict = HealthGate.Judge(updated, baseline, new HealthGateOptions());

        if (expected is null)
        {
            Assert.Null(verdict);
        }
        else
        {
            Assert.StartsWith(expected, verdict);
        }
    }
}
