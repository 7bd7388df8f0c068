using IotStack.Gateway.Cluster;
using IotStack.Maintenance.Remediation;
using RemediationSignal = IotStack.Maintenance.Remediation.AlertSignal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Alerts;

/// <summary>
/// Hands the alerts queued by <see cref="AlertRemediationBridge"/> to the remediation engine, one at a time. Remediation is
/// a cluster singleton: only the leader runs it. With a shared database (<paramref name="shared"/>) a follower passes its
/// alerts on through <see cref="PostgresRemediationQueue"/>, and the leader takes them from there every
/// <see cref="SharedPollInterval"/> besides its own.
/// </summary>
internal sealed partial class RemediationWorker(
    AlertRemediationBridge bridge,
    RemediationEngine remediation,
    ILeadership leadership,
    ILogger<RemediationWorker> logger,
    PostgresRemediationQueue? shared = null) : BackgroundService
{
    public static readonly TimeSpan SharedPollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Task fromOthers = shared is null ? Task.CompletedTask : leadership.RunWhileLeadingAsync(TakeSharedAsync, stoppingToken);
        try
        {
            await foreach (AlertNotification notification in bridge.Pending.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (shared is not null && !leadership.IsLeader)
                {
                    await ForwardAsync(shared, notification, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await HandleAsync(notification, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await fromOthers.ConfigureAwait(false);
    }

    private async Task TakeSharedAsync(CancellationToken term)
    {
        while (!term.IsCancellationRequested)
        {
            try
            {
                foreach (AlertNotification notification in await shared!.TakeAsync(50, term).ConfigureAwait(false))
                {
                    await HandleAsync(notification, term).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSharedFailed(ex);
            }

            await Task.Delay(SharedPollInterval, term).ConfigureAwait(false);
        }
    }

    private async Task ForwardAsync(PostgresRemediationQueue queue, AlertNotification notification, CancellationToken cancellationToken)
    {
        try
        {
            await queue.AddAsync(notification, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, notification.Alert.Id, notification.Alert.Rule);
        }
    }

    private async Task HandleAsync(AlertNotification notification, CancellationToken cancellationToken)
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
                return;
            }

            foreach (RemediationDecision decision in await remediation.HandleAsync(signal, cancellationToken).ConfigureAwait(false))
            {
                LogDecision(alert.Id, alert.Rule, alert.DeviceId, $"{decision.Action} on {decision.Host}: {decision.Reason}");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, alert.Id, alert.Rule);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Remediation for alert {AlertId} ({Rule} on {DeviceId}): {Decision}")]
    private partial void LogDecision(long alertId, string rule, string deviceId, string decision);

    [LoggerMessage(Level = LogLevel.Error, Message = "Remediation for alert {AlertId} ({Rule}) failed")]
    private partial void LogFailed(Exception exception, long alertId, string rule);

    [LoggerMessage(Level = LogLevel.Error, Message = "Remediation: reading the shared queue failed; retrying")]
    private partial void LogSharedFailed(Exception exception);
}
