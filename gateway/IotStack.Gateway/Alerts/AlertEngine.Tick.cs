namespace IotStack.Gateway.Alerts;

internal sealed partial class AlertEngine
{
    /// <summary>
    /// Periodic work: clears conditions that went quiet, ends flapping after a quiet flap window,
    /// escalates unacknowledged alerts, sends reminders, and persists signal counts touched since the last tick.
    /// </summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await TakeOperatorActionsAsync(cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = _time.GetUtcNow();
            foreach (AlertRecord alert in _active.Values.ToList())
            {
                TimeSpan quiet = now - alert.LastSignalAt;
                if (!AlertRules.ClearsOnlyExplicitly(alert.Rule))
                {
                    if (alert.Flapping && quiet >= _options.FlapWindow)
                    {
                        alert.Flapping = false;
                        _clears.Remove(alert.Key);
                        await ResolveLockedAsync(alert, now, "auto", cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (!alert.Flapping && quiet >= _options.ClearAfter)
                    {
                        await ConditionClearedAsync(alert, now, cancellationToken).ConfigureAwait(false);
                        if (alert.Status == AlertStatus.Resolved)
                        {
                            continue;
                        }
                    }
                }

                if (alert.Status != AlertStatus.Open)
                {
                    continue;
                }

                int steps = (int)((now - alert.OpenedAt).Ticks / _options.EscalateAfter.Ticks);
                if (steps > alert.Escalation && alert.Severity < AlertSeverity.Critical)
                {
                    alert.Escalation = steps;
                    alert.Severity = Escalated(alert.SignalSeverity, steps);
                    await SaveAsync(alert, "escalated", $"escalated to {alert.Severity}: unacknowledged for {now - alert.OpenedAt:g}", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                DateTimeOffset lastNotified = alert.LastNotifiedAt ?? alert.OpenedAt;
                if (!alert.Flapping && Pages(alert) && now - lastNotified >= _options.ReminderInterval)
                {
                    alert.LastNotifiedAt = now;
                    _dirty.Add(alert);
                    _notifier.Notify(new AlertNotification("reminder", alert.Clone(), now));
                }
            }

            foreach (AlertRecord alert in _dirty.ToList())
            {
                await _store.SaveAlertAsync(alert, cancellationToken).ConfigureAwait(false);
            }

            _dirty.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }
}
