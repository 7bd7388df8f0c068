using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Alerts;

/// <summary>
/// Device ownership (docs/scale.md): each gateway keeps the lifecycle of its own devices' alerts only. Another gateway's
/// alerts in memory here would be cleared, escalated and reminded as if their devices had gone quiet.
/// </summary>
internal sealed partial class AlertEngine
{
    /// <summary>Takes the stored active alerts of the devices <paramref name="owned"/> picks, as their new owner.</summary>
    public async Task AdoptAsync(Func<string, bool> owned, CancellationToken cancellationToken)
    {
        IReadOnlyList<AlertRecord> active = await _store.ReadAlertsAsync(new AlertQuery(ActiveOnly: true, Limit: 100_000), cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (AlertRecord alert in active)
            {
                if (owned(alert.DeviceId))
                {
                    _active[alert.Key] = alert;
                }
            }

            Recount();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Lets the alerts of the devices <paramref name="owned"/> picks go to another owner: with <paramref name="save"/>,
    /// their unsaved signal counts are written first (a hand-over in order); without, they are dropped (the partition was
    /// lost, and the new owner's copy must not be overwritten).
    /// </summary>
    public async Task ReleaseAsync(Func<string, bool> owned, bool save, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(save ? cancellationToken : CancellationToken.None).ConfigureAwait(false);
        try
        {
            foreach (AlertRecord alert in _active.Values.Where(a => owned(a.DeviceId)).ToList())
            {
                if (save && _dirty.Contains(alert))
                {
                    await _store.SaveAlertAsync(alert, cancellationToken).ConfigureAwait(false);
                }

                _dirty.Remove(alert);
                _active.Remove(alert.Key);
                _clears.Remove(alert.Key);
            }

            Recount();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes operator actions done on another gateway (its API wrote them to the stored rows) into the alerts this
    /// gateway owns: acknowledged ones stop escalating, resolved ones leave. Called from the tick, with the gate held.
    /// </summary>
    private async Task TakeOperatorActionsAsync(CancellationToken cancellationToken)
    {
        if (!_owning || _active.Count == 0)
        {
            return;
        }

        var stored = (await _store.ReadAlertsAsync(new AlertQuery(ActiveOnly: true, Limit: 100_000), cancellationToken).ConfigureAwait(false))
            .ToDictionary(a => a.Id);
        foreach (AlertRecord alert in _active.Values.Where(a => a.Id != 0).ToList())
        {
            if (!stored.TryGetValue(alert.Id, out AlertRecord? row))
            {
                _active.Remove(alert.Key);  // resolved elsewhere
                _dirty.Remove(alert);
            }
            else if (row.Status == AlertStatus.Acknowledged && alert.Status == AlertStatus.Open)
            {
                alert.Status = AlertStatus.Acknowledged;
                alert.AcknowledgedAt = row.AcknowledgedAt;
                alert.Escalation = 0;
                alert.Severity = alert.SignalSeverity;
            }
        }

        Recount();
    }
}
