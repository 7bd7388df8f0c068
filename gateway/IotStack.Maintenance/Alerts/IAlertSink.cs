using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Remediation;

namespace IotStack.Maintenance.Alerts;

/// <summary>
/// Where maintenance raises alerts. The gateway adapts this to its alert lifecycle; the default implementation logs.
/// Implementations must be cheap or queue internally: the log pipeline awaits them.
/// </summary>
internal interface IAlertSink
{
    ValueTask LogRuleMatchedAsync(LogRuleMatch match, CancellationToken cancellationToken);

    /// <summary>Automatic remediation gave up (attempt cap reached or the command failed): a human must look.</summary>
    ValueTask RemediationEscalatedAsync(RemediationEscalation escalation, CancellationToken cancellationToken);
}
