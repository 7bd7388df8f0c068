using System.Collections.Concurrent;
using IotStack.Maintenance.Alerts;
using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Remediation;

namespace IotStack.Maintenance.Tests.Support;

internal sealed class RecordingAlertSink : IAlertSink
{
    public ConcurrentQueue<LogRuleMatch> Matches { get; } = new();

    public ConcurrentQueue<RemediationEscalation> Escalations { get; } = new();

    public ValueTask LogRuleMatchedAsync(LogRuleMatch match, CancellationToken cancellationToken)
    {
        Matches.Enqueue(match);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemediationEscalatedAsync(RemediationEscalation escalation, CancellationToken cancellationToken)
    {
        Escalations.Enqueue(escalation);
        return ValueTask.CompletedTask;
    }
}
