using IotStack.Gateway.Alerts;
using IotStack.Maintenance.Alerts;
using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Remediation;
using AlertSignal = IotStack.Gateway.Alerts.AlertSignal;

namespace IotStack.Gateway.Alerts;

/// <summary>
/// Routes maintenance alerts (log rules, escalated remediation) into the gateway's one alert lifecycle, so they are
/// acknowledged, escalated, notified and cleared like board alerts. The log source or host takes the place of the
/// device id; channel 0 means "not a telemetry channel".
/// </summary>
internal sealed class GatewayAlertSink(AlertEngine alerts) : IAlertSink
{
    public const string LogRulePrefix = "log:";
    public const string RemediationPrefix = "remediation:";
    public const string Source = "maintenance";

    public async ValueTask LogRuleMatchedAsync(LogRuleMatch match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        var signal = new AlertSignal(match.Source, 0, LogRulePrefix + match.Rule, SeverityOf(match.Severity), match.Count,
            $"{match.Description}: {match.Count} lines in {match.Window.TotalSeconds:0} s; last: {match.Sample.Message}", Source);
        await alerts.RaiseAsync(signal, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RemediationEscalatedAsync(RemediationEscalation escalation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        var signal = new AlertSignal(escalation.Host, 0, RemediationPrefix + escalation.Rule, AlertSeverity.Critical, escalation.Attempts,
            $"automatic remediation gave up after {escalation.Attempts} attempt(s): {escalation.Reason}", Source);
        await alerts.RaiseAsync(signal, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Warnings stay warnings; errors and worse need a human now.</summary>
    internal static AlertSeverity SeverityOf(LogSeverity severity) => severity switch
    {
        >= LogSeverity.Error => AlertSeverity.Critical,
        LogSeverity.Warning => AlertSeverity.Warning,
        _ => AlertSeverity.Info,
    };
}
