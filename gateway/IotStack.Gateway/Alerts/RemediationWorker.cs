using IotStack.Maintenance.Remediation;
using RemediationSignal = IotStack.Maintenance.Remediation.AlertSignal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Alerts;

/// <summary>Hands the alerts queued by <see cref="AlertRemediationBridge"/> to the remediation engine, one at a time.</summary>
internal sealed partial class RemediationWorker(AlertRemediationBridge bridge, RemediationEngine remediation, ILogger<RemediationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (AlertNotification notification in bridge.Pending.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                AlertRecord alert = notification.Alert;
                // Log-rule alerts carry a "log:" prefix in the gateway; remediation rules name the log rule itself.
                string rule = alert.Rule.StartsWith(GatewayAlertSink.LogRulePrefix, StringComparison.Ordinal)
                    ? alert.Rule[GatewayAlertSink.LogRulePrefix.Length..]
                    : alert.Rule;
                var signal = new RemediationSignal(rule, Host: alert.DeviceId, Message: alert.Message);
                try
                {
                    if (notification.Event == "resolved")
                    {
                        remediation.Resolve(signal);
                        continue;
                    }

                    foreach (RemediationDecision decision in await remediation.HandleAsync(signal, stoppingToken).ConfigureAwait(false))
                    {
                        LogDecision(alert.Id, alert.Rule, alert.DeviceId, $"{decision.Action} on {decision.Host}: {decision.Reason}");
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(ex, alert.Id, alert.Rule);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Remediation for alert {AlertId} ({Rule} on {DeviceId}): {Decision}")]
    private partial void LogDecision(long alertId, string rule, string deviceId, string decision);

    [LoggerMessage(Level = LogLevel.Error, Message = "Remediation for alert {AlertId} ({Rule}) failed")]
    private partial void LogFailed(Exception exception, long alertId, string rule);
}
