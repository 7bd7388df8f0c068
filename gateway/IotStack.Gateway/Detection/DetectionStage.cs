using System.Threading.Channels;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Storage;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Detection;

/// <summary>
/// Scores committed samples on a thread of its own, so the ingest writer can decode and commit the next batch
/// meanwhile (detection is about a tenth of the writer's work). Samples are copied into one of two reused
/// blocks: when both wait, the writer waits too, so a slow detector slows ingest instead of growing memory.
/// Per-series order is kept: one consumer, blocks in commit order. Only detection moves here; device state
/// (heard, online, latest values) stays on the writer, in order with status and last-will messages. A sibling
/// ingest sink of the device state, registered before it: a commit is queued for scoring first.
/// </summary>
internal sealed partial class DetectionStage : IIngestSink, IAsyncDisposable
{
    private const int Blocks = 2;

    private readonly SeriesRegistry _series;
    private readonly DetectorCheckpoints? _checkpoints;
    private readonly AlertEngine _alerts;
    private readonly ILogger<DetectionStage> _logger;
    private readonly Channel<List<SampleRow>> _work = Channel.CreateBounded<List<SampleRow>>(
        new BoundedChannelOptions(Blocks) { SingleReader = true, SingleWriter = true });
    private readonly Channel<List<SampleRow>> _free = Channel.CreateBounded<List<SampleRow>>(Blocks);
    private readonly List<AlertSignal> _signals = new();
    private readonly Task _loop;
    private readonly Lock _sync = new();

    // Blocks queued and scored since start; a drain waits for the count queued when it was asked (not for an empty
    // stage, which a steady stream of commits may never leave).
    private long _queued;
    private long _scored;
    private readonly List<(long Target, TaskCompletionSource Done)> _drains = new();

    public DetectionStage(SeriesRegistry series, AlertEngine alerts, GatewayMetrics metrics, ILogger<DetectionStage> logger, DetectorCheckpoints? checkpoints = null)
    {
        _series = series;
        _checkpoints = checkpoints;
        _alerts = alerts;
        _logger = logger;
        for (int i = 0; i < Blocks; i++)
        {
            _free.Writer.TryWrite(new List<SampleRow>());
        }

        metrics.DetectionPending = () => (int)(Interlocked.Read(ref _queued) - Interlocked.Read(ref _scored));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Copies the new samples of a commit for scoring; waits only while both blocks are still being scored.</summary>
    public async ValueTask EnqueueAsync(WriteSet committed, CancellationToken cancellationToken)
    {
        List<SampleRow> block = await _free.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        block.Clear();
        for (int b = 0; b < committed.BatchCount; b++)
        {
            if (!committed.IsNew(b))
            {
                continue;
            }

            BatchRow batch = committed.BatchAt(b);
            for (int i = batch.SampleStart; i < batch.SampleStart + batch.SampleCount; i++)
            {
                block.Add(committed.SampleAt(i));
            }
        }

        if (block.Count == 0)
        {
            _free.Writer.TryWrite(block);
            return;
        }

        lock (_sync)
        {
            _queued++;
        }

        // Never waits: there are only as many blocks as work slots. It fails only once the stage is disposed.
        if (!_work.Writer.TryWrite(block))
        {
            _free.Writer.TryWrite(block);
            Scored();
            throw new ObjectDisposedException(nameof(DetectionStage));
        }
    }

    ValueTask IIngestSink.OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken) =>
        EnqueueAsync(committed, cancellationToken);

    /// <summary>Completes when every sample handed over so far has been scored and its alerts raised.</summary>
    public Task DrainAsync()
    {
        lock (_sync)
        {
            if (_scored >= _queued)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _drains.Add((_queued, done));
            return done.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (List<SampleRow> block in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                _signals.Clear();
                if (_checkpoints is not null)
                {
                    // New devices' stored state first: their series restore it at their first sample below.
                    await _checkpoints.PrepareAsync(block, CancellationToken.None).ConfigureAwait(false);
                }

                _series.Observe(block, _signals);
                _checkpoints?.Scored();
                foreach (AlertSignal signal in _signals)
                {
                    if (signal.Clears)
                    {
                        await _alerts.ClearAsync(signal.DeviceId, signal.Channel, signal.Rule, CancellationToken.None).ConfigureAwait(false);
                    }
                    else
                    {
                        await _alerts.RaiseAsync(signal, CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The samples are stored already; losing one block's findings must not stop detection for the fleet.
                LogBlockFailed(e, block.Count);
            }
            finally
            {
                _free.Writer.TryWrite(block);
                Scored();
            }
        }
    }

    private void Scored()
    {
        lock (_sync)
        {
            _scored++;
            for (int i = _drains.Count - 1; i >= 0; i--)
            {
                if (_drains[i].Target <= _scored)
                {
                    _drains[i].Done.TrySetResult();
                    _drains.RemoveAt(i);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Detection failed for a block of {Samples} samples; they are stored, their findings are lost")]
    private partial void LogBlockFailed(Exception exception, int samples);
}
