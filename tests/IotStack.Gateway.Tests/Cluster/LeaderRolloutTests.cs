using System.Collections.Concurrent;
using IotStack.Gateway.Cluster;
using IotStack.Gateway.Tests.Support;
using IotStack.Ota.Releases;
using IotStack.Ota.Rollouts;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using IotStack.TestServices;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Gateway.Tests.Cluster;

/// <summary>The rollout engine as a cluster singleton: run per leadership term from campaigns in the shared database, as OtaHost does.</summary>
public sealed class LeaderRolloutTests : IAsyncLifetime
{
    private const string Fleet = "plant";
    private readonly TempDirectory _dir = new();
    private readonly ReleaseSigner _signer = ReleaseSigner.CreateEphemeral();
    private readonly InMemoryFleet _fleet = new();
    private readonly ConcurrentDictionary<string, int> _offers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RolloutEngine> _engines = new(StringComparer.Ordinal);
    private ReleaseCatalog _catalog = null!;
    private PostgresTestDatabase? _database;
    private volatile bool _allAnswer;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("rollouttest");
        var images = new LocalFolderImageStore(_dir.File("releases"));
        var publisher = new ReleasePublisher(images, TimeProvider.System, NullLogger<ReleasePublisher>.Instance);
        await publisher.PublishAsync(ReleaseImage.FromFiles([("App.pe", new byte[4000])]), "1.0.0", "esp32", null, _signer, CancellationToken.None);
        await publisher.PublishAsync(ReleaseImage.FromFiles([("App.pe", Enumerable.Repeat((byte)7, 4000).ToArray())]), "2.0.0", "esp32", null, _signer, CancellationToken.None);
        _catalog = new ReleaseCatalog(images, _signer.PublicKey);
        for (int i = 0; i < 5; i++)
        {
            _fleet.Join("line-1", new DeviceRef(Fleet, $"b{i}", "1.0.0"));
        }
    }

    public async Task DisposeAsync()
    {
        _signer.Dispose();
        _dir.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rollout_LeaderSessionDiesMidCampaign_NextLeaderFinishesItWithoutReofferingDoneBoards()
    {
        using var stop = new CancellationTokenSource();
        await using var a = new ClusterMember(_database!.ConnectionString, "gw-a");
        await a.StartAsync();
        Task onA = RunEngineWhileLeadingAsync(a, stop.Token);
        await Eventually.TrueAsync(() => Task.FromResult(_engines.ContainsKey(a.Name)), "a leads and runs the engine");
        await using var b = new ClusterMember(_database.ConnectionString, "gw-b");
        await b.StartAsync();
        Task onB = RunEngineWhileLeadingAsync(b, stop.Token);

        // Under a: the canary updates, the first batch is offered but its boards are out of reach.
        await _engines[a.Name].CreateAsync(new Campaign
        {
            Id = "c1",
            Board = "esp32",
            Version = "2.0.0",
            RollbackVersion = "1.0.0",
            Group = "line-1",
            StartAt = TimeProvider.System.GetUtcNow(),
            Policy = new RolloutPolicy { CanaryCount = 1, BatchSize = 2, SoakPeriod = TimeSpan.FromMilliseconds(300), RetryDelay = TimeSpan.FromSeconds(30), AttemptTimeout = TimeSpan.FromMinutes(5) },
        }, CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(_engines[a.Name].Status("c1") is { Wave: 1 } s
            && s.Devices.Count(d => d.State == DeviceRolloutState.Offered) == 2), "the first batch offered under a");
        Assert.False(b.Leadership.IsLeader);
        Assert.False(_engines.ContainsKey(b.Name));

        // a's session dies; the boards come back within reach.
        _allAnswer = true;
        await _database.ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{a.SessionName}'");
        await Eventually.TrueAsync(() => Task.FromResult(_engines.TryGetValue(b.Name, out var engine) && engine.Status("c1")?.State == CampaignState.Completed), "b completes the campaign");

        CampaignStatus done = _engines[b.Name].Status("c1")!;
        Assert.All(done.Devices, d => Assert.Equal(DeviceRolloutState.Confirmed, d.State));
        Assert.Equal(1, _offers["b0"]);                       // the canary, done under a, was not offered again
        Assert.Equal(2, _offers["b1"]);                       // offered under a, again under b after the takeover
        Assert.False(_engines.ContainsKey(a.Name));           // a's term ended with its session: its engine is gone
        await stop.CancelAsync();
        await Task.WhenAll(onA, onB);
    }

    /// <summary>What <see cref="Ota.OtaHost"/> does each term: a fresh engine over the shared store, loaded, ticked until the term ends.</summary>
    private Task RunEngineWhileLeadingAsync(ClusterMember member, CancellationToken stop) => member.Leadership.RunWhileLeadingAsync(async term =>
    {
        using var store = new PostgresCampaignStore(_database!.ConnectionString);
        var boards = new ScriptedBoards(_offers, device => _allAnswer || device == "b0");
        var engine = new RolloutEngine(store, _catalog, boards, _fleet, _fleet, TimeProvider.System, NullLogger<RolloutEngine>.Instance);
        boards.Engine = engine;
        try
        {
            await engine.LoadAsync(term);
            _engines[member.Name] = engine;
            while (!term.IsCancellationRequested)
            {
                await engine.TickAsync();
                await Task.Delay(50, term);
            }
        }
        finally
        {
            _engines.TryRemove(member.Name, out _);
            engine.Dispose();
        }
    }, stop);
}
