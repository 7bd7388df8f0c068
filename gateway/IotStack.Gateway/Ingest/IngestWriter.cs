using System.Diagnostics;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using IotStack.Gateway.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Ingest;

/// <summary>
/// The single consumer of the ingest queue: decodes into message objects it owns (no allocation per
/// telemetry message), writes up to MaxBatch messages per transaction, and acknowledges each message to
/// the broker only after that transaction commits. A failed commit is retried and nothing is acknowledged,
/// so a crash at any point loses nothing: the broker redelivers and (device, sequence) de-duplicates.
/// Status, finding, log and reply handlers run under the same retry (<see cref="DependencyRetry"/>), so a
/// database outage holds acknowledgements instead of stopping the host; what a store refuses for good is
/// quarantined and acknowledged (IngestWriter.Split.cs), so no message is redelivered forever.
/// </summary>
internal sealed partial class IngestWriter : BackgroundService
{
    private readonly IngestQueue _queue;
    private readonly ITelemetryStore _store;
    private readonly IIngestSink _sink;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestWriter> _logger;
    private readonly IngestOptions _options;
    private readonly MessageDecoder _decoder;
    private readonly DependencyRetry _retry;
    private readonly WriteSet _set = new();
    private readonly List<InboundMessage> _pending;
    private readonly StoreReadiness _readiness;

    public IngestWriter(IngestQueue queue, ITelemetryStore store, IEnumerable<IIngestSink> sinks, GatewayMetrics metrics, TimeProvider time, IOptions<GatewayOptions> options, ILogger<IngestWriter> logger,
        DependencyHealth? health = null, StoreReadiness? readiness = null)
    {
        _readiness = readiness ?? StoreReadiness.Open;
        _queue = queue;
        _store = store;
        _sink = new IngestFanOut(sinks);
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _options = options.Value.Ingest;
        _retry = new DependencyRetry(DependencyHealth.Store, health ?? new DependencyHealth(time), time, logger, metrics.StoreFailed);
        _decoder = new MessageDecoder(_options.QuarantineBytes, _retry);
        _pending = new List<InboundMessage>(_options.MaxBatch);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // No schema yet (database down at start-up): take nothing; the queue fills and the broker keeps the rest.
            await _readiness.WaitAsync(stoppingToken).ConfigureAwait(false);
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await TakeBatchAsync(stoppingToken).ConfigureAwait(false);
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever is not committed is not acknowledged; the broker keeps it for our session.
        }
    }

    private async ValueTask TakeBatchAsync(CancellationToken cancellationToken)
    {
        // One deadline per transaction, set when the queue first runs dry: a message waits at most FlushInterval for
        // company, even when the next one always comes sooner, and a trickle costs one timer per commit, not per message.
        CancellationTokenSource? deadline = null;
        CancellationTokenRegistration stopping = default;
        try
        {
            while (_pending.Count < _options.MaxBatch)
            {
                if (_queue.Reader.TryRead(out InboundMessage message))
                {
                    _pending.Add(message);
                    continue;
                }

                if (_options.FlushInterval <= TimeSpan.Zero || _pending.Count == 0)
                {
                    return;
                }

                if (deadline is null)
                {
                    deadline = new CancellationTokenSource(_options.FlushInterval, _time);
                    stopping = cancellationToken.Register(static d => ((CancellationTokenSource)d!).Cancel(), deadline);
                }

                try
                {
                    if (!await _queue.Reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        finally
        {
            stopping.Dispose();
            deadline?.Dispose();
        }
    }

    /// <summary>Decodes, stores, acknowledges and hands on everything in <see cref="_pending"/>.</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        int taken = _pending.Count;
        _set.Clear();
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < _pending.Count; i++)
        {
            InboundMessage message = _pending[i];
            await _decoder.DecodeAsync(message, _set, _sink, now, cancellationToken).ConfigureAwait(false);
            // Decoded into the set (a failed commit retries the set): the payload copy can go back now.
            _queue.Buffers.Return(message.Buffer);
        }

        long t1 = Stopwatch.GetTimestamp();
        int stored = await CommitAsync(cancellationToken).ConfigureAwait(false);
        long t2 = Stopwatch.GetTimestamp();
        _metrics.Committed(stored, _set.BatchCount - stored, CountNewSamples(), _set.Quarantine.Count);
        if (stored > 0)
        {
            _metrics.Lag(Math.Max(0, now - NewestSampleMs()));
        }

        for (int i = 0; i < _pending.Count; i++)
        {
            await AcknowledgeAsync(_pending[i], cancellationToken).ConfigureAwait(false);
        }

        _pending.Clear();
        long t3 = Stopwatch.GetTimestamp();
        if (stored > 0)
        {
            await HandOnAsync(cancellationToken).ConfigureAwait(false);
        }

        _metrics.Flushed(t1 - t0, t2 - t1, t3 - t2, Stopwatch.GetTimestamp() - t3);
        Interlocked.Add(ref _handedOn, taken);
    }

    /// <summary>
    /// Completes once every message queued so far is stored, acknowledged and handed on (a partition handed over to
    /// another gateway, docs/scale.md), however busy the queue stays with later ones: one queue, taken in order.
    /// </summary>
    public async Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        long target = _queue.Enqueued;
        while (Interlocked.Read(ref _handedOn) < target)
        {
            await Task.Delay(IdlePoll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(20);

    // Messages taken from the queue whose flush has handed them on (WaitIdleAsync).
    private long _handedOn;

    /// <summary>Test and bench entry: queue a message for the next <see cref="FlushAsync"/> without the background loop.</summary>
    internal void Add(InboundMessage message) => _pending.Add(message);

    private async Task<int> CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.RunUntilDoneAsync(ct => new ValueTask<int>(_store.WriteAsync(_set, ct)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Permanent: something in this transaction is refused. Find it batch by batch rather than retry forever.
            _metrics.StoreFailed();
            return await CommitSplitAsync(FailureClassifier.Describe(ex), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Committed data is already acknowledged: a failing hand-off (detection, device state, alerts) loses a derived
    /// signal at worst, never data, and must not stop the writer.
    /// </summary>
    private async ValueTask HandOnAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _sink.OnTelemetryCommittedAsync(_set, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHandOnFailed(ex, FailureClassifier.Describe(ex));
        }
    }

    private async ValueTask AcknowledgeAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (!message.NeedsAcknowledgement)
        {
            return;
        }

        try
        {
            await message.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection dropped after the commit: the broker redelivers, de-duplication absorbs it.
            LogAckFailed(ex.Message);
        }
    }

    private int CountNewSamples()
    {
        int samples = 0;
        for (int i = 0; i < _set.BatchCount; i++)
        {
            samples += _set.IsNew(i) ? _set.BatchAt(i).SampleCount : 0;
        }

        return samples;
    }

    private long NewestSampleMs()
    {
        long newest = 0;
        for (int i = 0; i < _set.SampleCount; i++)
        {
            newest = Math.Max(newest, _set.SampleAt(i).TimeMs);
        }

        return newest;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handing committed telemetry on failed ({Reason}); the data is stored, a derived signal may be missing")]
    private partial void LogHandOnFailed(Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Acknowledgement failed after commit ({Reason}); the broker will redeliver")]
    private partial void LogAckFailed(string reason);
}
