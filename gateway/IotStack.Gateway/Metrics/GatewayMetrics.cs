using System.Globalization;
using System.Text;

namespace IotStack.Gateway.Metrics;

/// <summary>
/// Counters and gauges the gateway exports at /metrics in the Prometheus text format (version 0.0.4).
/// Plain Interlocked fields: the ingest path only adds.
/// </summary>
internal sealed class GatewayMetrics
{
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
    private long _notificationsSent;
    private long _notificationsFailed;
    private long _decodeTicks;
    private long _storeTicks;
    private long _ackTicks;
    private long _sinkTicks;
    private long _walBehind;

    public Func<int>? QueueDepth { get; set; }

    public Func<int>? OpenAlerts { get; set; }

    /// <summary>Open or acknowledged alerts at a severity.</summary>
    public Func<Alerts.AlertSeverity, int>? OpenAlertsAt { get; set; }

    public Func<int>? SeriesCount { get; set; }

    public Func<int>? DetectionPending { get; set; }

    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    public long BatchesStored => Interlocked.Read(ref _batchesStored);

    public long BatchesDuplicate => Interlocked.Read(ref _batchesDuplicate);

    public long SamplesStored => Interlocked.Read(ref _samplesStored);

    public long Quarantined => Interlocked.Read(ref _quarantined);

    public long QueueRefused => Interlocked.Read(ref _queueRefused);

    public long LagMs => Interlocked.Read(ref _lagMs);

    public long Commits => Interlocked.Read(ref _commits);

    public void MessageReceived() => Interlocked.Increment(ref _messagesReceived);

    public void Refused() => Interlocked.Increment(ref _queueRefused);

    public void Committed(int newBatches, int duplicates, int samples, int quarantined)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _batchesStored, newBatches);
        Interlocked.Add(ref _batchesDuplicate, duplicates);
        Interlocked.Add(ref _samplesStored, samples);
        Interlocked.Add(ref _quarantined, quarantined);
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
    }

    public TimeSpan DecodeTime => Ticks(ref _decodeTicks);

    public TimeSpan StoreTime => Ticks(ref _storeTicks);

    public TimeSpan AckTime => Ticks(ref _ackTicks);

    /// <summary>Post-commit hand-off: detection, device state, alerts.</summary>
    public TimeSpan SinkTime => Ticks(ref _sinkTicks);

    public TimeSpan DetectorTime => Ticks(ref _detectorTicks);

    private static TimeSpan Ticks(ref long stopwatchTicks) =>
        TimeSpan.FromSeconds((double)Interlocked.Read(ref stopwatchTicks) / System.Diagnostics.Stopwatch.Frequency);

    /// <summary>WAL frames the last checkpoint pass could not copy back yet (readers still on them, or it lags).</summary>
    public void WalBehind(long frames) => Interlocked.Exchange(ref _walBehind, frames);

    public void SeriesRefused() => Interlocked.Increment(ref _seriesRefused);

    public void Notified(bool ok) => Interlocked.Increment(ref ok ? ref _notificationsSent : ref _notificationsFailed);

    public string ToPrometheusText()
    {
        var text = new StringBuilder(2048);
        Counter(text, "iotstack_messages_received_total", "MQTT messages taken from the broker.", MessagesReceived);
        Counter(text, "iotstack_batches_stored_total", "Telemetry batches stored (new).", BatchesStored);
        Counter(text, "iotstack_batches_duplicate_total", "Telemetry batches already stored (redelivered) and skipped.", BatchesDuplicate);
        Counter(text, "iotstack_samples_stored_total", "Samples stored.", SamplesStored);
        Counter(text, "iotstack_quarantined_total", "Payloads that failed to decode, kept in quarantine.", Quarantined);
        Counter(text, "iotstack_queue_refused_total", "Messages refused because the ingest queue was full.", QueueRefused);
        Counter(text, "iotstack_store_failures_total", "Store transactions that failed (retried, not acknowledged).", Interlocked.Read(ref _storeFailures));
        Counter(text, "iotstack_store_commits_total", "Store transactions committed.", Interlocked.Read(ref _commits));
        Gauge(text, "iotstack_ingest_lag_ms", "Gateway time minus the newest committed sample time.", LagMs);
        Gauge(text, "iotstack_ingest_queue_depth", "Messages waiting in the ingest queue.", QueueDepth?.Invoke() ?? 0);
        Counter(text, "iotstack_detector_seconds_total", "Time spent in detectors.", (double)Interlocked.Read(ref _detectorTicks) / System.Diagnostics.Stopwatch.Frequency);
        Counter(text, "iotstack_ingest_decode_seconds_total", "Ingest writer time decoding payloads.", DecodeTime.TotalSeconds);
        Counter(text, "iotstack_ingest_store_seconds_total", "Ingest writer time in store transactions.", StoreTime.TotalSeconds);
        Counter(text, "iotstack_ingest_ack_seconds_total", "Ingest writer time acknowledging to the broker after commits.", AckTime.TotalSeconds);
        Counter(text, "iotstack_ingest_sink_seconds_total", "Ingest writer time handing commits on (detection, device state, alerts).", SinkTime.TotalSeconds);
        Counter(text, "iotstack_detector_samples_total", "Samples scored by detectors.", Interlocked.Read(ref _detectorSamples));
        Gauge(text, "iotstack_detection_blocks_pending", "Committed sample blocks handed to detection and not yet scored (2 = the writer waits).", DetectionPending?.Invoke() ?? 0);
        Gauge(text, "iotstack_sqlite_wal_frames_behind", "SQLite WAL frames not yet copied into the database file after the last checkpoint.", Interlocked.Read(ref _walBehind));
        Gauge(text, "iotstack_series", "Series with detector state in memory.", SeriesCount?.Invoke() ?? 0);
        Counter(text, "iotstack_series_refused_total", "New series refused because the series table was full.", Interlocked.Read(ref _seriesRefused));
        Gauge(text, "iotstack_alerts_open", "Alerts open or acknowledged.", OpenAlerts?.Invoke() ?? 0);
        text.Append("# HELP iotstack_alerts_open_by_severity Alerts open or acknowledged, by current severity (info: shown, not notified).\n")
            .Append("# TYPE iotstack_alerts_open_by_severity gauge\n");
        foreach (Alerts.AlertSeverity severity in Enum.GetValues<Alerts.AlertSeverity>())
        {
            text.Append("iotstack_alerts_open_by_severity{severity=\"").Append(Alerts.AlertSeverityText.Of(severity)).Append("\"} ")
                .Append((OpenAlertsAt?.Invoke(severity) ?? 0).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        Counter(text, "iotstack_notifications_sent_total", "Alert notifications delivered.", Interlocked.Read(ref _notificationsSent));
        Counter(text, "iotstack_notifications_failed_total", "Alert notifications given up after retries.", Interlocked.Read(ref _notificationsFailed));
        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, double value) => Write(text, name, help, "counter", value);

    private static void Gauge(StringBuilder text, string name, string help, double value) => Write(text, name, help, "gauge", value);

    private static void Write(StringBuilder text, string name, string help, string type, double value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
            .Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
