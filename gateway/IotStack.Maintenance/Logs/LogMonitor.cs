using IotStack.Maintenance.Alerts;
using IotStack.Maintenance.Tailing;

namespace IotStack.Maintenance.Logs;

/// <summary>The log pipeline's entry point for every producer (device log frames, file tails, journals): store, evaluate, alert.</summary>
internal sealed class LogMonitor(ILogStore store, LogRuleEngine rules, IAlertSink alerts)
{
    public ILogStore Store => store;

    public LogRuleEngine Rules => rules;

    /// <summary>Raised for every match, after the alert sink has been told (for live views).</summary>
    public event Action<LogRuleMatch>? Matched;

    public async Task<IReadOnlyList<LogRuleMatch>> IngestAsync(IReadOnlyCollection<LogRecord> records, CancellationToken cancellationToken, TailCheckpoint? checkpoint = null)
    {
        await store.AppendAsync(records, cancellationToken, checkpoint).ConfigureAwait(false);
        List<LogRuleMatch>? fired = null;
        foreach (var record in records)
        {
            foreach (var match in rules.Evaluate(record))
            {
                await alerts.LogRuleMatchedAsync(match, cancellationToken).ConfigureAwait(false);
                Matched?.Invoke(match);
                (fired ??= []).Add(match);
            }
        }

        return fired is null ? [] : fired;
    }
}
