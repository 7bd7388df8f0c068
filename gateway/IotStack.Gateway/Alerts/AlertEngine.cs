using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Timeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Alerts;

/// <summary>
/// The one alert lifecycle for board findings, gateway detectors, sensor health, device silence and
/// combined rules: open → acknowledged → resolved, one active alert per (device, channel, rule),
/// time hysteresis (a condition clears after <see cref="AlertOptions.ClearAfter"/> without a signal),
/// flap suppression, escalation while unacknowledged, reminders. Time comes from <see cref="TimeProvider"/>;
/// <see cref="TickAsync"/> is driven by <see cref="AlertTicker"/> (or a test).
/// </summary>
internal sealed partial class AlertEngine
{
    private readonly IAlertStore _store;
    private readonly ITimeline _timeline;
    private readonly IAlertNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertEngine> _logger;
    private readonly AlertOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, AlertRecord> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _clears = new(StringComparer.Ordinal);
    private readonly HashSet<AlertRecord> _dirty = new();
    private int _activeCount;
    private int[] _activeBySeverity = new int[3];

    public AlertEngine(IAlertStore store, ITimeline timeline, IAlertNotifier notifier, TimeProvider time, IOptions<GatewayOptions> options, ILogger<AlertEngine> logger)
    {
        _store = store;
        _timeline = timeline;
        _notifier = notifier;
        _time = time;
        _logger = logger;
        _options = options.Value.Alerts;
        _owning = options.Value.Cluster.Partitions > 0;
    }

    // Device ownership: this gateway holds the active alerts of the devices it owns only (AlertEngine.Ownership.cs).
    private readonly bool _owning;

    public int ActiveCount => Volatile.Read(ref _activeCount);

    /// <summary>Open or acknowledged alerts at this severity now (for /metrics).</summary>
    public int ActiveAt(AlertSeverity severity) => Volatile.Read(ref _activeBySeverity)[(int)severity];

    /// <summary>Picks up alerts still active from before a restart, so they are not opened twice.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_owning)
        {
            return; // taken per partition as this gateway comes to own it (AdoptAsync)
        }

        IReadOnlyList<AlertRecord> active = await _store.ReadAlertsAsync(new AlertQuery(ActiveOnly: true, Limit: 100_000), cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (AlertRecord alert in active)
            {
                _active[alert.Key] = alert;
            }

            Recount();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<AlertRecord> RaiseAsync(AlertSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DateTimeOffset now = _time.GetUtcNow();
            string key = AlertKey.Of(signal.DeviceId, signal.Channel, signal.Rule);
            if (_active.TryGetValue(key, out AlertRecord? alert))
            {
                alert.SignalCount++;
                alert.LastSignalAt = now;
                alert.LastValue = signal.Value;
                alert.Message = signal.Message;
                _dirty.Add(alert);
                bool lower = signal.Severity < alert.SignalSeverity;
                if (!lower)
                {
                    alert.SeveritySignalAt = now;
                }

                // Hysteresis with a minimum dwell: up at once, down only after the higher severity stayed away.
                if (signal.Severity != alert.SignalSeverity && (!lower || now - alert.SeveritySignalAt >= _options.SeverityDwell))
                {
                    string change = lower ? "de-escalated" : "escalated";
                    alert.SeveritySignalAt = now;
                    alert.SignalSeverity = signal.Severity;
                    alert.Severity = Escalated(signal.Severity, alert.Escalation);
                    await SaveAsync(alert, change, $"{change} to {alert.Severity}: {signal.Message}", cancellationToken).ConfigureAwait(false);
                }

                return alert.Clone();
            }

            alert = new AlertRecord
            {
                DeviceId = signal.DeviceId,
                Channel = signal.Channel,
                Rule = signal.Rule,
                Source = signal.Source,
                Status = AlertStatus.Open,
                Severity = signal.Severity,
                SignalSeverity = signal.Severity,
                OpenedAt = now,
                LastSignalAt = now,
                SeveritySignalAt = now,
                SignalCount = 1,
                LastValue = signal.Value,
                Message = signal.Message,
                Flapping = IsFlapping(key, now),
            };
            _active[key] = alert;
            await SaveAsync(alert, alert.Flapping ? null : "opened", $"opened ({alert.Severity}): {signal.Message}", cancellationToken).ConfigureAwait(false);
            return alert.Clone();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The condition is gone (device back online, an explicit clear). Flapping alerts stay open until quiet.</summary>
    public async Task ClearAsync(string deviceId, int channel, string rule, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_active.TryGetValue(AlertKey.Of(deviceId, channel, rule), out AlertRecord? alert))
            {
                await ConditionClearedAsync(alert, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<AlertRecord?> AcknowledgeAsync(long id, string by, CancellationToken cancellationToken) =>
        OperatorActionAsync(id, cancellationToken, async (alert, now) =>
        {
            if (alert.Status != AlertStatus.Open)
            {
                return;
            }

            alert.Status = AlertStatus.Acknowledged;
            alert.AcknowledgedAt = now;
            alert.Escalation = 0;
            alert.Severity = alert.SignalSeverity;
            await SaveAsync(alert, "acknowledged", $"acknowledged by {by}", cancellationToken).ConfigureAwait(false);
        });

    public Task<AlertRecord?> ResolveAsync(long id, string by, CancellationToken cancellationToken) =>
        OperatorActionAsync(id, cancellationToken, (alert, now) => ResolveLockedAsync(alert, now, by, cancellationToken));

    private async Task<AlertRecord?> OperatorActionAsync(long id, CancellationToken cancellationToken, Func<AlertRecord, DateTimeOffset, Task> action)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AlertRecord? alert = _active.Values.FirstOrDefault(a => a.Id == id);
            if (alert is null)
            {
                // Already resolved (or unknown): the stored copy is the answer, nothing changes. With device ownership an
                // active alert may belong to another gateway: the action goes to the stored row, which the owner's
                // writes never take back (status only moves forward) and which the owner reads at its next tick.
                AlertRecord? stored = await _store.ReadAlertAsync(id, cancellationToken).ConfigureAwait(false);
                if (_owning && stored is { Status: not AlertStatus.Resolved })
                {
                    await action(stored, _time.GetUtcNow()).ConfigureAwait(false);
                }

                return stored;
            }

            await action(alert, _time.GetUtcNow()).ConfigureAwait(false);
            return alert.Clone();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<AlertRecord>> SnapshotActiveAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _active.Values.Select(a => a.Clone()).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ConditionClearedAsync(AlertRecord alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_clears.TryGetValue(alert.Key, out Queue<DateTimeOffset>? clears))
        {
            clears = new Queue<DateTimeOffset>();
            _clears[alert.Key] = clears;
        }

        clears.Enqueue(now);
        TrimFlapHistory(clears, now);
        if (alert.Flapping || clears.Count >= _options.FlapThreshold)
        {
            // Flapping: stays open (one alert, no new notifications) until quiet for a whole flap window.
            if (!alert.Flapping)
            {
                alert.Flapping = true;
                await SaveAsync(alert, "flapping", "flapping: raised and cleared repeatedly, held open until quiet", cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await ResolveLockedAsync(alert, now, "auto", cancellationToken).ConfigureAwait(false);
    }

    private async Task ResolveLockedAsync(AlertRecord alert, DateTimeOffset now, string by, CancellationToken cancellationToken)
    {
        alert.Status = AlertStatus.Resolved;
        alert.ResolvedAt = now;
        alert.ResolvedBy = by;
        _active.Remove(alert.Key);
        _dirty.Remove(alert);
        await SaveAsync(alert, "resolved", by == "auto" ? "resolved: condition cleared" : $"resolved by {by}", cancellationToken).ConfigureAwait(false);
    }

    private bool IsFlapping(string key, DateTimeOffset now)
    {
        if (!_clears.TryGetValue(key, out Queue<DateTimeOffset>? clears))
        {
            return false;
        }

        TrimFlapHistory(clears, now);
        return clears.Count >= _options.FlapThreshold;
    }

    private void TrimFlapHistory(Queue<DateTimeOffset> clears, DateTimeOffset now)
    {
        while (clears.Count > 0 && now - clears.Peek() > _options.FlapWindow)
        {
            clears.Dequeue();
        }
    }

    /// <summary>Called with the gate held, on changes only (not per repeated signal): a fresh snapshot for readers of the counts.</summary>
    private void Recount()
    {
        var bySeverity = new int[3];
        foreach (AlertRecord alert in _active.Values)
        {
            bySeverity[(int)alert.Severity]++;
        }

        Volatile.Write(ref _activeBySeverity, bySeverity);
        Volatile.Write(ref _activeCount, _active.Count);
    }

    /// <summary>Whether the alert notifies anyone: see <see cref="AlertOptions.NotifyMinSeverity"/>.</summary>
    private bool Pages(AlertRecord alert) => alert.Severity >= _options.NotifyMinSeverity;

    private static AlertSeverity Escalated(AlertSeverity signal, int steps) =>
        (AlertSeverity)Math.Min((int)AlertSeverity.Critical, (int)signal + steps);

    /// <summary>Persists, writes the timeline and (when <paramref name="notifyEvent"/> is set and not flapping) notifies.</summary>
    private async Task SaveAsync(AlertRecord alert, string? notifyEvent, string summary, CancellationToken cancellationToken)
    {
        // Every change of an alert's status or severity comes through here: count first, so a failed write still counts.
        Recount();
        DateTimeOffset now = _time.GetUtcNow();
        alert.Id = await _store.SaveAlertAsync(alert, cancellationToken).ConfigureAwait(false);
        _dirty.Remove(alert);
        string channel = alert.Channel == 0 ? "" : $" ch{alert.Channel}";
        await _timeline.AppendAsync(
            new TimelineEvent(alert.DeviceId, now, TimelineKinds.Alert, alert.Source, $"alert #{alert.Id} {alert.Rule}{channel} {summary}"),
            cancellationToken).ConfigureAwait(false);
        // Whoever was paged about an alert hears how it ends, even after it de-escalated below the paging level.
        bool paged = Pages(alert) || alert.LastNotifiedAt is not null;
        if (notifyEvent is not null && paged && (!alert.Flapping || notifyEvent is "resolved" or "flapping" or "acknowledged"))
        {
            alert.LastNotifiedAt = now;
            _notifier.Notify(new AlertNotification(notifyEvent, alert.Clone(), now));
        }
    }
}
