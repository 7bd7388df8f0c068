namespace IotStack.Gateway.Alerts;

/// <summary>Hands a notification on without waiting for delivery (the alert engine must never block on a webhook).</summary>
internal interface IAlertNotifier
{
    void Notify(AlertNotification notification);
}
