using System.Threading.Channels;

namespace IotStack.Gateway.Alerts;

/// <summary>
/// Lets gateway alerts trigger remediation rules (<c>Maintenance:Remediation</c>): every notification still goes to
/// <see cref="NotificationDispatcher"/>, and opened or resolved alerts wait in a bounded queue for the
/// <see cref="RemediationWorker"/>, off the alert path, so a slow SSH host never stalls alerting. The queue also breaks
/// the loop alerts → remediation → alerts (escalations are raised as alerts), so everything is wired by constructor.
/// </summary>
internal sealed class AlertRemediationBridge(NotificationDispatcher dispatcher) : IAlertNotifier
{
    private readonly Channel<AlertNotification> _queue = Channel.CreateBounded<AlertNotification>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<AlertNotification> Pending => _queue.Reader;

    public void Notify(AlertNotification notification)
    {
        dispatcher.Notify(notification);
        if (notification.Event is "opened" or "resolved" && !notification.Alert.Rule.StartsWith(GatewayAlertSink.RemediationPrefix, StringComparison.Ordinal))
        {
            _queue.Writer.TryWrite(notification);
        }
    }
}
