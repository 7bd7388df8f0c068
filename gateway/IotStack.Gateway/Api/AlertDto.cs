using IotStack.Gateway.Alerts;

namespace IotStack.Gateway.Api;

/// <summary>An alert as the API and webhooks show it (enums as text).</summary>
internal sealed record AlertDto(
    long Id, string DeviceId, int Channel, string Rule, string Source, string Status, string Severity, bool Flapping,
    DateTimeOffset OpenedAt, DateTimeOffset LastSignalAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, string? ResolvedBy,
    long SignalCount, double LastValue, string Message, bool SensorHealth)
{
    public static AlertDto From(AlertRecord a) => new(
        a.Id, a.DeviceId, a.Channel, a.Rule, a.Source, a.Status.ToString(), a.Severity.ToString(), a.Flapping,
        a.OpenedAt, a.LastSignalAt, a.AcknowledgedAt, a.ResolvedAt, a.ResolvedBy, a.SignalCount,
        double.IsFinite(a.LastValue) ? a.LastValue : 0, a.Message, AlertRules.IsSensorHealth(a.Rule));
}
