using IotStack.Gateway.Alerts;

namespace IotStack.Gateway.Tests.Support;

internal sealed class RecordingNotifier : IAlertNotifier
{
    public List<AlertNotification> Sent { get; } = new();

    public void Notify(AlertNotification notification) => Sent.Add(notification);

    public int Count(string @event) => Sent.Count(n => n.Event == @event);
}
