using System.Diagnostics;
using IotStack.Detection;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Detection;

/// <summary>
/// Detector state per (device, channel) series, bounded: past <see cref="IngestOptions.MaxSeries"/> a new
/// series is refused and counted rather than growing memory without limit. Scored only from the
/// <see cref="DetectionStage"/> (one thread); turns findings into alert signals. A series created for a sample takes
/// its stored checkpoint if <see cref="DetectorCheckpoints"/> found one; checkpoints are taken under one lock per
/// block, so a checkpoint pass never sees a series half-way through a sample.
/// </summary>
internal sealed partial class SeriesRegistry
{
    private readonly Dictionary<(string, byte), SeriesDetectors?> _series = new();

    // Every series in creation order (append-only): checkpoint passes walk it by position while blocks add to it.
    private readonly List<SeriesDetectors> _all = new();
    private readonly Lock _sync = new();

    // Stored checkpoints of devices looked up, waiting for their series' first sample (detection thread only).
    private readonly Dictionary<(string, byte), DetectorStateRow> _stored = new();
    private readonly HashSet<(string, string)> _lookedUp = new();
    private int _restored;
    private int _refused;
    private string? _lastRefusal;
    private readonly ChannelSpecs _specs;
    private readonly GatewayMetrics _metrics;
    private readonly int _maxSeries;

    public SeriesRegistry(IOptions<GatewayOptions> options, GatewayMetrics metrics)
    {
        _specs = new ChannelSpecs(options.Value);
        _metrics = metrics;
        _maxSeries = options.Value.Ingest.MaxSeries;
        metrics.SeriesCount = () => Volatile.Read(ref _count);
    }

    private int _count;

    public ChannelSpecs Specs => _specs;

    /// <summary>
    /// Scores committed samples in order; appends a signal per anomalous sample to <paramref name="signals"/>, and a
    /// clearing signal (<see cref="AlertSignal.Clears"/>) when a stuck series moves again.
    /// </summary>
    public void Observe(List<SampleRow> samples, List<AlertSignal> signals)
    {
        lock (_sync)
        {
            ObserveLocked(samples, signals);
        }
    }

    private void ObserveLocked(List<SampleRow> samples, List<AlertSignal> signals)
    {
        long start = Stopwatch.GetTimestamp();
        int scored = 0;
        for (int i = 0; i < samples.Count; i++)
        {
            SampleRow sample = samples[i];
            CheckValidRange(sample, signals);
            SeriesDetectors? detectors = DetectorsFor(sample);
            if (detectors is null)
            {
                continue;
            }

            scored++;
            detectors.Observed();
            bool breached = false;
            bool stuck = false;
            if (detectors.Limits?.Observe(sample.TimeMs, sample.Value) is { IsAnomaly: true } breach)
            {
                signals.Add(ToSignal(sample, breach.Strongest, statistical: false));
                breached = true;
                if (breach.Strongest.Rule == DetectionRule.StuckAt)
                {
                    detectors.MarkStuck(sample.TimeMs, breach.Strongest.Value);
                    stuck = true;
                }
            }

            // A stuck sensor's alert ends on evidence that it moves again, not on silence (an outage or a sensor
            // that stops answering says nothing about whether it is still stuck).
            if (!stuck && detectors.Recovered(sample.TimeMs, sample.Value, _specs.ThresholdsFor(sample.Channel)?.StuckTolerance ?? 0))
            {
                signals.Add(new AlertSignal(sample.DeviceId, sample.Channel, AlertRules.SensorStuck, AlertSeverity.Warning, sample.Value,
                    $"{Protocol.Channel.NameOf(sample.Channel)} moves again ({sample.Value})", Clears: true));
            }

            // A sample past a configured limit already has its alert; the ensemble still learns from it and
            // counts the episode, but a second alert about the same value would only be noise.
            // Operator alerts only (IsAlert): rules with a bounded false-alarm rate; rarity alone ranks but does not page.
            if (detectors.Statistical?.Observe(sample.TimeMs, sample.Value) is { IsAlert: true } anomaly && !breached)
            {
                signals.Add(ToSignal(sample, anomaly.Strongest, statistical: true));
            }
        }

        _metrics.Detected(Stopwatch.GetTimestamp() - start, scored);
    }

    private void CheckValidRange(SampleRow sample, List<AlertSignal> signals)
    {
        ChannelThresholdOptions? t = _specs.ThresholdsFor(sample.Channel);
        bool impossible = !float.IsFinite(sample.Value)
            || (t?.ValidMin is { } lo && sample.Value < lo)
            || (t?.ValidMax is { } hi && sample.Value > hi);
        if (impossible)
        {
            signals.Add(new AlertSignal(sample.DeviceId, sample.Channel, AlertRules.SensorOutOfRange, AlertSeverity.Warning, sample.Value,
                $"{Protocol.Channel.NameOf(sample.Channel)} reads {sample.Value}, outside what the sensor can measure"));
        }
    }

    private SeriesDetectors? DetectorsFor(SampleRow sample)
    {
        string deviceId = sample.DeviceId;
        byte channel = sample.Channel;
        if (_series.TryGetValue((deviceId, channel), out SeriesDetectors? detectors))
        {
            return detectors;
        }

        if (_series.Count >= _maxSeries)
        {
            _metrics.SeriesRefused();
            return null;
        }

        ChannelDetectionSpec? limits = _specs.LimitsFor(channel);
        ChannelDetectionSpec? statistical = _specs.Statistical;
        detectors = limits is null && statistical is null ? null : new SeriesDetectors(
            sample.Fleet,
            deviceId,
            channel,
            limits is null ? null : new DetectorSet(limits),
            statistical is null ? null : new DetectorSet(statistical));
        if (detectors is not null)
        {
            Restore(detectors);
            _all.Add(detectors);
        }

        _series[(deviceId, channel)] = detectors;
        Volatile.Write(ref _count, _series.Count);
        return detectors;
    }

    private AlertSignal ToSignal(SampleRow sample, IotStack.Detection.Finding finding, bool statistical)
    {
        ChannelThresholdOptions? t = _specs.ThresholdsFor(sample.Channel);
        AlertSeverity configured = t?.Severity ?? AlertSeverity.Warning;
        string name = Protocol.Channel.NameOf(sample.Channel);
        (string rule, AlertSeverity severity) = finding.Rule switch
        {
            // A limit alert has the channel's configured severity: how far past the limit a value is does not make
            // it more urgent by itself (that flapped between severities on a noisy breach), unacknowledged time does.
            DetectionRule.Threshold when finding.Value > finding.ExpectedHigh => (AlertRules.AboveMax, configured),
            DetectionRule.Threshold => (AlertRules.BelowMin, configured),
            DetectionRule.RateOfChange => (AlertRules.RateOfChange, configured),
            DetectionRule.StuckAt => (AlertRules.SensorStuck, AlertSeverity.Warning),
            DetectionRule.Novelty => (AlertRules.NewExtreme, AlertSeverity.Warning),
            DetectionRule.LevelShift => (AlertRules.LevelShift, AlertSeverity.Warning),
            DetectionRule.VarianceShift => (AlertRules.VarianceShift, AlertSeverity.Warning),
            DetectionRule.Drift => (AlertRules.Drift, AlertSeverity.Warning),
            // Every alert names its rule; an unnamed finding (none should reach here) is the ensemble's.
            DetectionRule.None => ("ensemble", AlertSeverity.Warning),
            _ => (finding.Rule.ToString().ToLowerInvariant(), AlertSeverity.Warning),
        };
        // A statistical finding is its own verdict (the set alerted on it); a limit states its breach.
        string message = statistical ? $"{name}: {finding.Describe()}" : $"{name}: {finding.Explain()}";
        return new AlertSignal(sample.DeviceId, sample.Channel, rule, severity, finding.Value, message);
    }
}
