using System.Threading.Channels;
using IotStack.Gateway.Alerts;
using IotStack.Maintenance.Remediation;
using RemediationSignal = IotStack.Maintenance.Remediation.AlertSignal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Alerts;

/// <summary>
/// Lets gateway alerts trigger remediation rules (<c>Maintenance:Remediation</c>): every notification still goes to
/// <see cref="NotificationDispatcher"/>, and opened or resolved alerts are handed to the remediation engine off the
/// alert path, through a bounded queue, so a slow SSH host never stalls alerting.
/// The engine is resolved lazily: it reports escalations back into the alert engine, which holds this notifier.
/// </summary>
internal sealed partial class AlertRemediationBridge(
    NotificationDispatcher dispatcher, IServiceProvider services, ILogger<AlertRemediationBridge> logger) : BackgroundService, IAlertNotifier
{
    private readonly Channel<AlertNotification> _queue = Channel.CreateBounded<AlertNotification>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Notify(AlertNotification notification)
    {
        dispatcher.Notify(notification);
        if (notification.Event is "opened" or "resolved" && !notification.Alert.Rule.StartsWith(GatewayAlertSink.RemediationPrefix, StringComparison.Ordinal))
        {
            _queue.Writer.TryWrite(notification);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var remediation = services.GetRequiredService<RemediationEngine>();
        try
        {
            await foreach (AlertNotification notification in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
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
