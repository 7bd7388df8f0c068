using IotStack.Gateway.Cluster;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using IotStack.Gateway.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Detection;

/// <summary>
/// Keeps each series' learnt detector state across restarts (docs/detection.md, "Checkpoints"). Before a block is
/// scored, the stored checkpoints of devices not seen yet in this process are read (one query per 200 devices), and each
/// series takes its own at its first sample. A pass (every <see cref="DetectionOptions.CheckpointInterval"/> and on a
/// graceful stop, <see cref="DetectorCheckpointService"/>) upserts the series that saw samples since their last
/// checkpoint, <see cref="ChunkSeries"/> per transaction, each serialised under the registry's lock so scoring waits at
/// most one chunk. A failing store never stops detection: a lookup that fails lets those series warm up and pauses
/// lookups briefly; a pass that fails leaves its series unsaved for the next one; both show in /health.
/// </summary>
internal sealed partial class DetectorCheckpoints
{
    public const string Dependency = "store:detector-state";

    /// <summary>Series per upsert transaction (about 11 KB each with the default ensemble).</summary>
    public const int ChunkSeries = 128;

    // After a failed lookup, devices met meanwhile warm up instead of each waiting on a store that is down.
    private static readonly TimeSpan LookupPause = TimeSpan.FromSeconds(10);

    private readonly SeriesRegistry _series;
    private readonly IDetectorStateStore _store;
    private readonly TimeProvider _time;
    private readonly DependencyHealth _health;
    private readonly ILogger<DetectorCheckpoints> _logger;
    private readonly GatewayMetrics? _metrics;
    private readonly bool _enabled;
    private readonly List<(string Fleet, string DeviceId)> _devices = new();
    private readonly List<(SeriesDetectors Series, DetectorStateRow Row)> _chunk = new(ChunkSeries);
    private readonly List<DetectorStateRow> _rows = new(ChunkSeries);
    private readonly SemaphoreSlim _pass = new(1, 1);
    private DateTimeOffset _lookupsPausedUntil = DateTimeOffset.MinValue;

    // Device ownership: each row is written with its partition's fencing token; a device no longer owned is not written.
    private readonly PartitionEpochs? _fence;

    public DetectorCheckpoints(SeriesRegistry series, IDetectorStateStore store, TimeProvider time, IOptions<GatewayOptions> options, ILogger<DetectorCheckpoints> logger, DependencyHealth? health = null, GatewayMetrics? metrics = null,
        PartitionEpochs? fence = null)
    {
        _fence = fence;
        _metrics = metrics;
        _series = series;
        _store = store;
        _time = time;
        _logger = logger;
        _health = health ?? new DependencyHealth(time);
        _enabled = options.Value.Detection.Checkpoints;
    }

    /// <summary>Reads the stored checkpoints of the block's devices not looked up yet. Detection thread only; never throws for a store failure.</summary>
    public async Task PrepareAsync(List<SampleRow> block, CancellationToken cancellationToken)
    {
        if (!_enabled)
        {
            return;
        }

        _series.DevicesToLookUp(block, _devices);
        if (_devices.Count == 0 || _time.GetUtcNow() < _lookupsPausedUntil)
        {
            return;
        }

        try
        {
            _series.AddStored(await _store.ReadDetectorStatesAsync(_devices, cancellationToken).ConfigureAwait(false));
            _health.Succeeded(Dependency);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _health.Failed(Dependency, FailureClassifier.Describe(ex));
            _lookupsPausedUntil = _time.GetUtcNow() + LookupPause;
            LogLookupFailed(ex, _devices.Count, LookupPause);
        }
    }

    /// <summary>One pass: upserts every series with unsaved state; returns how many. Throws what the store throws (the caller reports it).</summary>
    public async Task<int> SaveAsync(CancellationToken cancellationToken)
    {
        if (!_enabled)
        {
            return 0;
        }

        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SaveLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>
    /// Hands devices over to another gateway (docs/scale.md, "Device ownership"): a pass that saves every unsaved series,
    /// then the devices <paramref name="owned"/> picks are forgotten, with no pass in between. Throws what the store throws;
    /// the devices are forgotten either way.
    /// </summary>
    public async Task HandOverAsync(Func<string, bool> owned, CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_enabled)
            {
                LogHandedOver(await SaveLockedAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            _series.Forget(owned);
            _pass.Release();
        }
    }

    private async Task<int> SaveLockedAsync(CancellationToken cancellationToken)
    {
        try
        {
            long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            int written = 0;
            int position = 0;
            while (true)
            {
                _chunk.Clear();
                _rows.Clear();
                position = _series.CollectCheckpoints(position, _chunk, ChunkSeries, nowMs);
                if (_chunk.Count == 0)
                {
                    break;
                }

                for (int i = _chunk.Count - 1; i >= 0; i--)
                {
                    if (_fence is not null && !_fence.TryGet(_chunk[i].Row.DeviceId, out _))
                    {
                        _chunk.RemoveAt(i);
                    }
                }

                foreach ((_, DetectorStateRow row) in _chunk)
                {
                    _rows.Add(_fence is not null && _fence.TryGet(row.DeviceId, out long epoch) ? row with { Epoch = epoch } : row);
                }

                await _store.SaveDetectorStatesAsync(_rows, cancellationToken).ConfigureAwait(false);
                _series.MarkSaved(_chunk);
                written += _chunk.Count;
                _metrics?.CheckpointsStored(_chunk.Count);
            }

            _health.Succeeded(Dependency);
            return written;
        }
        finally
        {
            _chunk.Clear();
            _rows.Clear();
        }
    }

    /// <summary>After a block is scored: counts and logs the series it restored or refused. Detection thread only.</summary>
    public void Scored()
    {
        (int restored, int refused, string? lastRefusal) = _series.TakeRestoreCounts();
        if (restored > 0 || refused > 0)
        {
            _metrics?.CheckpointsLoaded(restored, refused);
            LogRestored(restored, refused, lastRefusal ?? "none");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Detector checkpoints on hand-over: {Written} series written")]
    private partial void LogHandedOver(int written);

    [LoggerMessage(Level = LogLevel.Information, Message = "Detector state restored for {Restored} series, {Refused} refused and warming up (last refusal: {Reason})")]
    private partial void LogRestored(int restored, int refused, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the stored detector state of {Devices} devices failed; their series warm up, lookups pause for {Pause}")]
    private partial void LogLookupFailed(Exception exception, int devices, TimeSpan pause);
}
