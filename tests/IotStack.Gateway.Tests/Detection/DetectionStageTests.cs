using IotStack.Gateway.Alerts;
using IotStack.Gateway.Detection;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Gateway.Timeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Gateway.Tests.Detection;

public sealed class DetectionStageTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
    private readonly SqliteGatewayStore _store;
    private readonly AlertEngine _alerts;
    private readonly DetectionStage _stage;
    private readonly GatewayMetrics _metrics = new();

    public DetectionStageTests()
    {
        _store = new SqliteGatewayStore(_dir.File("stage.db"));
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Channels = { ["1"] = new ChannelThresholdOptions { Max = 30 } } });
        _alerts = new AlertEngine(_store, new StoreTimeline(_store), new RecordingNotifier(), _time, options, NullLogger<AlertEngine>.Instance);
        _stage = new DetectionStage(new SeriesRegistry(options, _metrics), _alerts, _metrics, NullLogger<DetectionStage>.Instance);
    }

    public Task InitializeAsync() => _store.InitializeAsync(CancellationToken.None);

    [Fact]
    public async Task EnqueueAsync_ManyCommitsWhileScoring_EveryBreachReachesTheAlertsOnceInOrder()
    {
        // More commits than blocks: the writer waits for a free block, nothing is dropped or reordered.
        long t0 = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var set = new WriteSet();
        for (int commit = 0; commit < 20; commit++)
        {
            set.Clear();
            set.BeginBatch("d" + commit, "f", 1, t0);
            for (int i = 0; i < 200; i++)
            {
                set.AddSample(1, t0 + (i * 1000L), i == 199 ? 40f + commit : 20f);
            }

            await _stage.EnqueueAsync(set, CancellationToken.None);
        }

        await _stage.DrainAsync();

        IReadOnlyList<AlertRecord> alerts = await _store.ReadAlertsAsync(new AlertQuery(), CancellationToken.None);
        Assert.Equal(20, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(AlertRules.AboveMax, a.Rule));
        Assert.Equal(Enumerable.Range(0, 20).Select(c => 40.0 + c).ToHashSet(), alerts.Select(a => a.LastValue).ToHashSet());
        IReadOnlyDictionary<string, double> metrics = InstrumentReadings.Of(_metrics);
        Assert.Equal(4000, metrics["iotstack_detector_samples"]);
        Assert.Equal(0, metrics["iotstack_detection_blocks_pending"]);
    }

    [Fact]
    public async Task DrainAsync_WhileCommitsKeepComing_CompletesOnceWhatCameBeforeIsScored()
    {
        // A hand-over (docs/scale.md) waits for what it handed in, not for a stage that a steady stream never empties.
        long t0 = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var set = new WriteSet();
        set.BeginBatch("before", "f", 1, t0);
        set.AddSample(1, t0, 45f);
        await _stage.EnqueueAsync(set, CancellationToken.None);
        Task drained = _stage.DrainAsync();

        using var stop = new CancellationTokenSource();
        Task stream = Task.Run(async () =>
        {
            for (uint n = 1; !stop.IsCancellationRequested; n++)
            {
                var later = new WriteSet();
                later.BeginBatch("after", "f", n, t0);
                for (int i = 0; i < 64; i++)
                {
                    later.AddSample(1, t0 + (n * 1000L) + i, 20f);
                }

                await _stage.EnqueueAsync(later, CancellationToken.None);
            }
        });

        await drained.WaitAsync(TimeSpan.FromSeconds(30));
        IReadOnlyList<AlertRecord> alerts = await _store.ReadAlertsAsync(new AlertQuery(DeviceId: "before"), CancellationToken.None);
        await stop.CancelAsync();
        await stream;
        Assert.Single(alerts);
    }

    [Fact]
    public async Task EnqueueAsync_DuplicateBatches_AreNotScoredAgain()
    {
        var set = new WriteSet();
        set.BeginBatch("d1", "f", 1, 0);
        set.AddSample(1, _time.GetUtcNow().ToUnixTimeMilliseconds(), 45f);
        set.MarkNew(0, false);   // another gateway stored it first

        await _stage.EnqueueAsync(set, CancellationToken.None);
        await _stage.DrainAsync();

        Assert.Empty(await _store.ReadAlertsAsync(new AlertQuery(), CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueAsync_AfterDispose_FailsClearlyInsteadOfWaitingForever()
    {
        var set = new WriteSet();
        set.BeginBatch("d1", "f", 1, 0);
        set.AddSample(1, _time.GetUtcNow().ToUnixTimeMilliseconds(), 45f);
        await _stage.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _stage.EnqueueAsync(set, CancellationToken.None).AsTask());
        Assert.True(_stage.DrainAsync().IsCompleted);
    }

    public async Task DisposeAsync()
    {
        await _stage.DisposeAsync();
        await _store.DisposeAsync();
        _dir.Dispose();
    }
}
