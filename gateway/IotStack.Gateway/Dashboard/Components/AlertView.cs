using IotStack.Gateway.Alerts;

namespace IotStack.Gateway.Dashboard.Components;

/// <summary>
/// An alert as a table row shows it (status and severity as their lower-case names). Public because Razor
/// components, public by generation, take lists of them as parameters; the alert model itself stays internal.
/// </summary>
public sealed record AlertView(long Id, string DeviceId, int Channel, string Rule, string Severity, string Status, bool Flapping, string Message, DateTimeOffset OpenedAt)
{
    internal static AlertView From(AlertRecord alert) => new(
        alert.Id, alert.DeviceId, alert.Channel, alert.Rule, AlertSeverityText.Of(alert.Severity), alert.Status.ToString().ToLowerInvariant(), alert.Flapping, alert.Message, alert.OpenedAt);
}
