using System.Diagnostics.Metrics;
using IotStack.Gateway.Alerts;

namespace IotStack.Gateway.Metrics;

/// <summary>
/// The observable instruments over <see cref="GatewayMetrics"/>' totals. Names are the Prometheus names README
/// documents, less the suffix the exporter adds itself (<c>_total</c> on counters), and carry no unit so the
/// exporter appends none: dashboards built on the hand-written /metrics keep working.
/// </summary>
internal static class GatewayInstruments
{
    private static readonly AlertSeverity[] Severities = Enum.GetValues<AlertSeverity>();

    public static void Register(Meter meter, GatewayMetrics m)
    {
        Counter(meter, "iotstack_messages_received", "MQTT messages taken from the broker.", () => m.MessagesReceived);
        Counter(meter, "iotstack_batches_stored", "Telemetry batches stored (new).", () => m.BatchesStored);
        Counter(meter, "iotstack_batches_duplicate", "Telemetry batches already stored (redelivered) and skipped.", () => m.BatchesDuplicate);
        Counter(meter, "iotstack_samples_stored", "Samples stored.", () => m.SamplesStored);
        Counter(meter, "iotstack_quarantined", "Payloads that failed to decode, kept in quarantine.", () => m.Quarantined);
        Counter(meter, "iotstack_mqtt_connect_refused", "MQTT connections the embedded broker refused (credentials, client id).", () => m.MqttConnectRefused);
        Counter(meter, "iotstack_mqtt_publish_refused", "MQTT publishes refused: outside the sender's topics.", () => m.MqttPublishRefused);
        Counter(meter, "iotstack_mqtt_subscribe_refused", "MQTT subscriptions refused: outside the subscriber's topics.", () => m.MqttSubscribeRefused);
        Counter(meter, "iotstack_mqtt_claims", "Boards that claimed their own credential with an enrolment token.", () => m.ClaimsIssued);
        Counter(meter, "iotstack_mqtt_claim_refused", "Board claims refused (token bad, expired, revoked or used up; device already claimed).", () => m.ClaimsRefused);
        Counter(meter, "iotstack_queue_refused", "Messages refused because the ingest queue was full.", () => m.QueueRefused);
        Counter(meter, "iotstack_store_failures", "Store transactions that failed (retried, not acknowledged).", () => m.StoreFailures);
        Counter(meter, "iotstack_store_commits", "Store transactions committed.", () => m.Commits);
        Gauge(meter, "iotstack_ingest_lag_ms", "Gateway time minus the newest committed sample time, in milliseconds.", () => m.LagMs);
        Gauge(meter, "iotstack_ingest_queue_depth", "Messages waiting in the ingest queue.", () => m.QueueDepth?.Invoke() ?? 0);
        Seconds(meter, "iotstack_detector_seconds", "Time spent in detectors.", () => m.DetectorTime);
        Seconds(meter, "iotstack_ingest_decode_seconds", "Ingest writer time decoding payloads.", () => m.DecodeTime);
        Seconds(meter, "iotstack_ingest_store_seconds", "Ingest writer time in store transactions.", () => m.StoreTime);
        Seconds(meter, "iotstack_ingest_ack_seconds", "Ingest writer time acknowledging to the broker after commits.", () => m.AckTime);
        Seconds(meter, "iotstack_ingest_sink_seconds", "Ingest writer time handing commits on (detection, device state, alerts).", () => m.SinkTime);
        Counter(meter, "iotstack_detector_samples", "Samples scored by detectors.", () => m.DetectorSamples);
        Gauge(meter, "iotstack_detection_blocks_pending", "Committed sample blocks handed to detection and not yet scored (2 = the writer waits).", () => m.DetectionPending?.Invoke() ?? 0);
        Gauge(meter, "iotstack_sqlite_wal_frames_behind", "SQLite WAL frames not yet copied into the database file after the last checkpoint.", () => m.WalFramesBehind);
        Gauge(meter, "iotstack_sqlite_wal_bytes", "SQLite WAL file size after the last checkpoint pass (bounded: truncated past Storage's WAL limit).", () => m.WalFileBytes);
        Gauge(meter, "iotstack_series", "Series with detector state in memory.", () => m.SeriesCount?.Invoke() ?? 0);
        Counter(meter, "iotstack_series_refused", "New series refused because the series table was full.", () => m.SeriesRefusals);
        Counter(meter, "iotstack_detector_checkpoints_written", "Series checkpoints stored by checkpoint passes.", () => m.CheckpointsWritten);
        Counter(meter, "iotstack_detector_checkpoints_restored", "Series that resumed from a stored checkpoint.", () => m.CheckpointsRestored);
        Counter(meter, "iotstack_detector_checkpoints_refused", "Series whose stored checkpoint was refused (other settings, format, damage); they warm up.", () => m.CheckpointsRefused);
        Gauge(meter, "iotstack_cluster_leader", "1 while this gateway leads the cluster (rollouts, remediation, host log tails run here), else 0.", () => m.IsLeader?.Invoke() == true ? 1 : 0);
        Gauge(meter, "iotstack_cluster_partitions_owned", "Fleet partitions this gateway owns now (device ownership; 0 without it).", () => m.OwnedPartitions?.Invoke().Count ?? 0);
        Gauge(meter, "iotstack_alerts_open", "Alerts open or acknowledged.", () => m.OpenAlerts?.Invoke() ?? 0);
        meter.CreateObservableGauge(
            "iotstack_alerts_open_by_severity",
            () => Severities.Select(s => new Measurement<long>(m.OpenAlertsAt?.Invoke(s) ?? 0, new KeyValuePair<string, object?>("severity", AlertSeverityText.Of(s)))),
            unit: null,
            description: "Alerts open or acknowledged, by current severity (info: shown, not notified).");
        meter.CreateObservableCounter(
            "iotstack_notifications_sent",
            () => new[]
            {
                new Measurement<long>(m.NotificationsLogged, new KeyValuePair<string, object?>("channel", "log")),
                new Measurement<long>(m.NotificationsSent, new KeyValuePair<string, object?>("channel", "webhook")),
            },
            unit: null,
            description: "Alert notifications delivered, by channel (log: every notification; webhook: each successful POST).");
        Counter(meter, "iotstack_notifications_failed", "Webhook notifications given up after retries.", () => m.NotificationsFailed);
        meter.CreateObservableGauge(
            "iotstack_dependency_degraded",
            () => PerDependency(m, d => d.Degraded ? 1L : 0L),
            unit: null,
            description: "1 while a dependency (store, broker) is failing, else 0.");
        meter.CreateObservableCounter(
            "iotstack_dependency_retries",
            () => PerDependency(m, d => d.Retries),
            unit: null,
            description: "Attempts against a dependency that failed and were retried (acknowledgements held meanwhile).");
        meter.CreateObservableCounter(
            "iotstack_dependency_degraded_seconds",
            () => PerDependency(m, d => d.DegradedFor.TotalSeconds),
            unit: null,
            description: "Time a dependency spent degraded, the current episode included.");
    }

    private static IEnumerable<Measurement<T>> PerDependency<T>(GatewayMetrics m, Func<Resilience.DependencyStatus, T> value)
        where T : struct =>
        (m.Dependencies?.Invoke() ?? []).Select(d => new Measurement<T>(value(d), new KeyValuePair<string, object?>("dependency", d.Name)));

    private static void Counter(Meter meter, string name, string description, Func<long> read) =>
        meter.CreateObservableCounter(name, read, unit: null, description);

    private static void Seconds(Meter meter, string name, string description, Func<TimeSpan> read) =>
        meter.CreateObservableCounter(name, () => read().TotalSeconds, unit: null, description);

    private static void Gauge(Meter meter, string name, string description, Func<long> read) =>
        meter.CreateObservableGauge(name, read, unit: null, description);
}
