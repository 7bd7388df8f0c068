using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IotStack.Gateway.Metrics;

/// <summary>
/// The gateway's own counters, gauges and histograms, published as the <see cref="MeterName"/> meter
/// (System.Diagnostics.Metrics) and exported at /metrics and over OTLP by OpenTelemetry (<see cref="GatewayTelemetry"/>).
/// The totals live in Interlocked fields because the gateway reads them itself (health, the demo's status line,
/// the ingest bench); the meter's observable counters read the same fields at collection time, so the ingest path
/// pays one Interlocked add whether or not anything listens.
/// </summary>
internal sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "IotStack.Gateway";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _commitSeconds;
    private readonly Histogram<int> _commitMessages;
    private long _messagesReceived;
    private long _batchesStored;
    private long _batchesDuplicate;
    private long _samplesStored;
    private long _quarantined;
    private long _queueRefused;
    private long _storeFailures;
    private long _commits;
    private long _lagMs;
    private long _detectorTicks;
    private long _detectorSamples;
    private long _seriesRefused;
    private long _checkpointsWritten;
    private long _checkpointsRestored;
    private long _checkpointsRefused;
    private long _notificationsLogged;
    private long _notificationsSent;
    private long _notificationsFailed;
    private long _decodeTicks;
    private long _storeTicks;
    private long _ackTicks;
    private long _sinkTicks;
    private long _walBehind;
    private long _walBytes;
    private long _mqttConnectRefused;
    private long _mqttPublishRefused;
    private long _mqttSubscribeRefused;
    private long _claimsIssued;
    private long _claimsRefused;

    /// <summary>Tests and benches without a host: a meter of their own (nothing listens unless they do).</summary>
    public GatewayMetrics()
        : this(null)
    {
    }

    /// <param name="meters">The host's factory, so each gateway in a process (tests run several) has its own meter.</param>
    public GatewayMetrics(IMeterFactory? meters)
    {
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _ownsMeter = meters is null;
        _commitSeconds = _meter.CreateHistogram<double>("iotstack_store_commit_duration", "s", "Time of one store transaction (a flush of the ingest writer).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _commitMessages = _meter.CreateHistogram<int>("iotstack_store_commit_messages", null, "Messages stored per store transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });
        GatewayInstruments.Register(_meter, this);
    }

    /// <summary>The meter these instruments belong to (tests listen to it).</summary>
    public Meter Meter => _meter;

    public Func<int>? QueueDepth { get; set; }

    public Func<int>? OpenAlerts { get; set; }

    /// <summary>Open or acknowledged alerts at a severity.</summary>
    public Func<Alerts.AlertSeverity, int>? OpenAlertsAt { get; set; }

    public Func<int>? SeriesCount { get; set; }

    public Func<int>? DetectionPending { get; set; }

    /// <summary>The store and the broker as <see cref="Resilience.DependencyHealth"/> sees them.</summary>
    public Func<IReadOnlyList<Resilience.DependencyStatus>>? Dependencies { get; set; }

    /// <summary>Whether this gateway runs the cluster's singletons (always with SQLite); read at collection time.</summary>
    public Func<bool>? IsLeader { get; set; }

    /// <summary>The fleet partitions this gateway owns (docs/scale.md, "Device ownership"); null without ownership.</summary>
    public Func<IReadOnlyList<int>>? OwnedPartitions { get; set; }

    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    public long BatchesStored => Interlocked.Read(ref _batchesStored);

    public long BatchesDuplicate => Interlocked.Read(ref _batchesDuplicate);

    public long SamplesStored => Interlocked.Read(ref _samplesStored);

    public long Quarantined => Interlocked.Read(ref _quarantined);

    public long QueueRefused => Interlocked.Read(ref _queueRefused);

    public long LagMs => Interlocked.Read(ref _lagMs);

    public long Commits => Interlocked.Read(ref _commits);

    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    public long DetectorSamples => Interlocked.Read(ref _detectorSamples);

    public long SeriesRefusals => Interlocked.Read(ref _seriesRefused);

    /// <summary>Series checkpoints stored by passes (docs/detection.md, Checkpoints).</summary>
    public long CheckpointsWritten => Interlocked.Read(ref _checkpointsWritten);

    /// <summary>Series that resumed from a stored checkpoint.</summary>
    public long CheckpointsRestored => Interlocked.Read(ref _checkpointsRestored);

    /// <summary>Series whose stored checkpoint was refused in part or whole (other settings, format, damage): they warm up.</summary>
    public long CheckpointsRefused => Interlocked.Read(ref _checkpointsRefused);

    /// <summary>Alert notifications written to the gateway log (every notification, webhooks or not).</summary>
    public long NotificationsLogged => Interlocked.Read(ref _notificationsLogged);

    /// <summary>Webhook deliveries that succeeded.</summary>
    public long NotificationsSent => Interlocked.Read(ref _notificationsSent);

    public long NotificationsFailed => Interlocked.Read(ref _notificationsFailed);

    public long WalFramesBehind => Interlocked.Read(ref _walBehind);

    public long WalFileBytes => Interlocked.Read(ref _walBytes);

    /// <summary>MQTT CONNECTs the embedded broker refused (no, wrong or revoked credentials; a board's client id not its own).</summary>
    public long MqttConnectRefused => Interlocked.Read(ref _mqttConnectRefused);

    /// <summary>PUBLISHes outside the sender's topics (docs/security.md).</summary>
    public long MqttPublishRefused => Interlocked.Read(ref _mqttPublishRefused);

    public long MqttSubscribeRefused => Interlocked.Read(ref _mqttSubscribeRefused);

    public void MqttConnectRefusedOnce() => Interlocked.Increment(ref _mqttConnectRefused);

    public void MqttPublishRefusedOnce() => Interlocked.Increment(ref _mqttPublishRefused);

    public void MqttSubscribeRefusedOnce() => Interlocked.Increment(ref _mqttSubscribeRefused);

    /// <summary>Boards that claimed their credential with an enrolment token.</summary>
    public long ClaimsIssued => Interlocked.Read(ref _claimsIssued);

    /// <summary>Claims refused (bad, expired, revoked or used-up token; device already claimed; claim queue full).</summary>
    public long ClaimsRefused => Interlocked.Read(ref _claimsRefused);

    public void ClaimIssued() => Interlocked.Increment(ref _claimsIssued);

    public void ClaimRefused() => Interlocked.Increment(ref _claimsRefused);

    public void MessageReceived() => Interlocked.Increment(ref _messagesReceived);

    public void Refused() => Interlocked.Increment(ref _queueRefused);

    public void Committed(int newBatches, int duplicates, int samples, int quarantined)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _batchesStored, newBatches);
        Interlocked.Add(ref _batchesDuplicate, duplicates);
        Interlocked.Add(ref _samplesStored, samples);
        Interlocked.Add(ref _quarantined, quarantined);
        if (_commitMessages.Enabled)
        {
            _commitMessages.Record(newBatches + duplicates + quarantined);
        }
    }

    public void StoreFailed() => Interlocked.Increment(ref _storeFailures);

    /// <summary>Gateway clock minus the newest sample's board time at commit: how far behind live ingest is.</summary>
    public void Lag(long ms) => Interlocked.Exchange(ref _lagMs, ms);

    public void Detected(long elapsedTicks, int samples)
    {
        Interlocked.Add(ref _detectorTicks, elapsedTicks);
        Interlocked.Add(ref _detectorSamples, samples);
    }

    /// <summary>Where the single ingest writer spends its time per flush (Stopwatch ticks): the profile of the hot path.</summary>
    public void Flushed(long decodeTicks, long storeTicks, long ackTicks, long sinkTicks)
    {
        Interlocked.Add(ref _decodeTicks, decodeTicks);
        Interlocked.Add(ref _storeTicks, storeTicks);
        Interlocked.Add(ref _ackTicks, ackTicks);
        Interlocked.Add(ref _sinkTicks, sinkTicks);
        if (_commitSeconds.Enabled)
        {
            _commitSeconds.Record((double)storeTicks / Stopwatch.Frequency);
        }
    }

    public TimeSpan DecodeTime => Ticks(ref _decodeTicks);

    public TimeSpan StoreTime => Ticks(ref _storeTicks);

    public TimeSpan AckTime => Ticks(ref _ackTicks);

    /// <summary>Post-commit hand-off: detection, device state, alerts.</summary>
    public TimeSpan SinkTime => Ticks(ref _sinkTicks);

    public TimeSpan DetectorTime => Ticks(ref _detectorTicks);

    private static TimeSpan Ticks(ref long stopwatchTicks) =>
        TimeSpan.FromSeconds((double)Interlocked.Read(ref stopwatchTicks) / Stopwatch.Frequency);

    /// <summary>WAL frames the last checkpoint pass could not copy back yet (readers still on them, or it lags).</summary>
    public void WalBehind(long frames) => Interlocked.Exchange(ref _walBehind, frames);

    public void WalBytes(long bytes) => Interlocked.Exchange(ref _walBytes, bytes);

    public void SeriesRefused() => Interlocked.Increment(ref _seriesRefused);

    public void CheckpointsStored(int series) => Interlocked.Add(ref _checkpointsWritten, series);

    public void CheckpointsLoaded(int restored, int refused)
    {
        Interlocked.Add(ref _checkpointsRestored, restored);
        Interlocked.Add(ref _checkpointsRefused, refused);
    }

    /// <summary>An alert notification was written to the log (the channel every notification takes).</summary>
    public void NotificationLogged() => Interlocked.Increment(ref _notificationsLogged);

    /// <summary>A webhook delivery finished: delivered, or given up after its retries.</summary>
    public void Notified(bool ok) => Interlocked.Increment(ref ok ? ref _notificationsSent : ref _notificationsFailed);

    public void Dispose()
    {
        // A factory's meters are disposed with the factory (the host's container).
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
