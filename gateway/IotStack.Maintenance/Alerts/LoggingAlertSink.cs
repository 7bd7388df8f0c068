using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Remediation;
using Microsoft.Extensions.Logging;

namespace IotStack.Maintenance.Alerts;

/// <summary>Default sink until the gateway registers its own: alerts become warning log events.</summary>
internal sealed class LoggingAlertSink(ILogger<LoggingAlertSink> logger) : IAlertSink
{
    public ValueTask LogRuleMatchedAsync(LogRuleMatch match, CancellationToken cancellationToken)
    {
        logger.LogWarning("Log rule {Rule} fired for {Source}: {Count} lines ({Description}); last: {Message}",
            match.Rule, match.Source, match.Count, match.Description, match.Sample.Message);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemediationEscalatedAsync(RemediationEscalation escalation, CancellationToken cancellationToken)
    {
        logger.LogError("Remediation {Rule} on {Host} escalated after {Attempts} attempt(s): {Reason}",
            escalation.Rule, escalation.Host, escalation.Attempts, escalation.Reason);
        return ValueTask.CompletedTask;
    }
}
