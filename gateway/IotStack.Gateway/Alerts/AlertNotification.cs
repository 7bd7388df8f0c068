namespace IotStack.Gateway.Alerts;

/// <param name="Event">opened, escalated, de-escalated, reminder, acknowledged, resolved, flapping.</param>
internal sealed record AlertNotification(string Event, AlertRecord Alert, DateTimeOffset At);
