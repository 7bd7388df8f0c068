using IotStack.Gateway.Alerts;
using IotStack.Gateway.Detection;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.TestServices;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Gateway.Tests.Detection;

/// <summary>Checkpoints through the real stores: a registry built anew (a restarted gateway) resumes each series where it was.</summary>
public abstract class DetectorCheckpointsTests : IAsyncLifetime
{
    private const byte Temperature = 1;

    private IGatewayStore? _store;

    private protected IGatewayStore Store => _store ?? throw new InvalidOperationException("not initialised");

    private protected abstract Task<IGatewayStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.InitializeAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task SaveAsync_ThenANewRegistry_SeriesResumesWithItsStateAndSampleCount()
    {
        (SeriesRegistry before, DetectorCheckpoints beforeCheckpoints) = Create(Store);
        await ObserveAsync(before, beforeCheckpoints, Noise("d1", 0, 700));
        Assert.Equal(2, await beforeCheckpoints.SaveAsync(CancellationToken.None));
        Assert.Equal(0, await beforeCheckpoints.SaveAsync(CancellationToken.None));
        byte[] saved = Frame(before.Find("d1", Temperature)!);

        (SeriesRegistry after, DetectorCheckpoints afterCheckpoints) = Create(Store);
        await ObserveAsync(after, afterCheckpoints, Noise("d1", 700, 1));

        SeriesDetectors resumed = after.Find("d1", Temperature)!;
        Assert.Equal(701, resumed.Samples);

        // The restored state is exactly the saved one, one sample on: the same as the first registry's after that sample.
        await ObserveAsync(before, beforeCheckpoints, Noise("d1", 700, 1));
        Assert.Equal(Frame(before.Find("d1", Temperature)!), Frame(resumed));
        Assert.NotEqual(saved, Frame(resumed));
    }

    [Fact]
    public async Task Observe_LevelShiftRightAfterRestart_AlertedAsWithoutTheRestart()
    {
        // A shift 100 samples after a restart: alerted as by a series that never restarted, not lost to a warm-up.
        List<SampleRow> history = Noise("d2", 0, 400);
        List<SampleRow> shifted = Noise("d2", 400, 100, level: 23);
        (SeriesRegistry never, _) = Create(Store, checkpoints: false);
        var expected = new List<AlertSignal>();
        never.Observe(history, []);
        never.Observe(shifted, expected);

        (SeriesRegistry before, DetectorCheckpoints beforeCheckpoints) = Create(Store);
        await ObserveAsync(before, beforeCheckpoints, history);
        await beforeCheckpoints.SaveAsync(CancellationToken.None);
        (SeriesRegistry after, DetectorCheckpoints afterCheckpoints) = Create(Store);
        List<AlertSignal> actual = await ObserveAsync(after, afterCheckpoints, shifted);
        (SeriesRegistry warmingUp, _) = Create(Store, checkpoints: false);
        var cold = new List<AlertSignal>();
        warmingUp.Observe(shifted, cold);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(s => (s.Rule, s.Value, s.Message)), actual.Select(s => (s.Rule, s.Value, s.Message)));
        Assert.Empty(cold);
    }

    [Fact]
    public async Task Restore_CheckpointOfOtherSettings_SeriesWarmsUpAndNextPassReplacesIt()
    {
        (SeriesRegistry before, DetectorCheckpoints beforeCheckpoints) = Create(Store);
        await ObserveAsync(before, beforeCheckpoints, Noise("d3", 0, 300));
        await beforeCheckpoints.SaveAsync(CancellationToken.None);

        // The channel's limits changed (a sigma band now): that set's checkpoint is refused, the ensemble's taken.
        (SeriesRegistry after, DetectorCheckpoints afterCheckpoints) = Create(Store, sigmaK: 3);
        await ObserveAsync(after, afterCheckpoints, Noise("d3", 300, 1));
        SeriesDetectors series = after.Find("d3", Temperature)!;

        Assert.True(series.HasUnsavedState);
        Assert.Equal(2, await afterCheckpoints.SaveAsync(CancellationToken.None));   // and the humidity series, one sample on
        DetectorStateRow row = Assert.Single(await Store.ReadDetectorStatesAsync("f", "d3", CancellationToken.None), r => r.Channel == Temperature);
        Assert.Equal(Frame(series), row.Statistical);
        Assert.Equal(series.Checkpoint(0).Limits, row.Limits);
        Assert.Equal(301, row.Samples);
    }

    private protected static (SeriesRegistry Registry, DetectorCheckpoints Checkpoints) Create(IDetectorStateStore store, bool checkpoints = true, double? sigmaK = null, DependencyHealth? health = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions
        {
            Channels = { ["1"] = new ChannelThresholdOptions { Max = 60, SigmaK = sigmaK } },
            Detection = new DetectionOptions { Checkpoints = checkpoints },
        });
        var registry = new SeriesRegistry(options, new GatewayMetrics());
        return (registry, new DetectorCheckpoints(registry, store, TimeProvider.System, options, NullLogger<DetectorCheckpoints>.Instance, health));
    }

    private protected static async Task<List<AlertSignal>> ObserveAsync(SeriesRegistry registry, DetectorCheckpoints checkpoints, List<SampleRow> block)
    {
        var signals = new List<AlertSignal>();
        await checkpoints.PrepareAsync(block, CancellationToken.None);
        registry.Observe(block, signals);
        return signals;
    }

    /// <summary>Temperature around <paramref name="level"/> and humidity, one sample each per second, from sample <paramref name="from"/>.</summary>
    private protected static List<SampleRow> Noise(string device, int from, int count, double level = 21)
    {
        var random = new Random(from + 17);
        var block = new List<SampleRow>();
        for (int i = from; i < from + count; i++)
        {
            long t = 1_700_000_000_000 + (i * 1000L);
            block.Add(new SampleRow(device, Temperature, t, (float)(level + (0.2 * Gaussian(random)))) { Fleet = "f" });
            block.Add(new SampleRow(device, 2, t, (float)(45 + (0.5 * Gaussian(random)))) { Fleet = "f" });
        }

        return block;
    }

    private protected static byte[] Frame(SeriesDetectors series) => series.Checkpoint(0).Statistical!;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}

public sealed class SqliteDetectorCheckpointsTests : DetectorCheckpointsTests
{
    private readonly TempDirectory _dir = new();

    private protected override Task<IGatewayStore> CreateStoreAsync() =>
        Task.FromResult<IGatewayStore>(new SqliteGatewayStore(_dir.File("store.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task PrepareAsync_StoreFails_SeriesWarmUpAndHealthShowsIt()
    {
        // A real store that fails: a PostgreSQL address nothing listens on.
        await using var down = new PostgresGatewayStore("Host=127.0.0.1;Port=1;Username=none;Database=none;Timeout=2");
        var health = new DependencyHealth(TimeProvider.System);
        (SeriesRegistry registry, DetectorCheckpoints checkpoints) = Create(down, health: health);

        List<AlertSignal> signals = await ObserveAsync(registry, checkpoints, Noise("d4", 0, 10));

        Assert.Empty(signals);
        Assert.Equal(10, registry.Find("d4", 1)!.Samples);
        Assert.Contains(health.Snapshot(), d => d.Name == DetectorCheckpoints.Dependency && d.Degraded);
        await Assert.ThrowsAnyAsync<Exception>(() => checkpoints.SaveAsync(CancellationToken.None));
        Assert.True(registry.Find("d4", 1)!.HasUnsavedState);
    }
}

public sealed class PostgresDetectorCheckpointsTests : DetectorCheckpointsTests
{
    private PostgresTestDatabase? _database;

    private protected override async Task<IGatewayStore> CreateStoreAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("gwckpt");
        return new PostgresGatewayStore(_database.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
