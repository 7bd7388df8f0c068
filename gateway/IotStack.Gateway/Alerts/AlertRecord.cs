namespace IotStack.Gateway.Alerts;

/// <summary>
/// One alert: a condition on (device, channel, rule) from the moment it is raised until it is resolved.
/// Mutated only by <see cref="AlertEngine"/> under its lock; the store and the API see copies.
/// Channel 0 means the device as a whole (offline, combined rules).
/// </summary>
internal sealed class AlertRecord
{
    public long Id { get; set; }

    public required string DeviceId { get; init; }

    public int Channel { get; init; }

    public required string Rule { get; init; }

    /// <summary>"gateway" for gateway detectors and rules, "board" for Finding frames from the device.</summary>
    public string Source { get; init; } = "gateway";

    public AlertStatus Status { get; set; }

    public AlertSeverity Severity { get; set; }

    /// <summary>Severity of the latest raising signal, before escalation.</summary>
    public AlertSeverity SignalSeverity { get; set; }

    /// <summary>Steps added because the alert stayed unacknowledged (0 after acknowledgement).</summary>
    public int Escalation { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset LastSignalAt { get; set; }

    /// <summary>Last signal at the alert's current signal severity (or above): de-escalation waits a dwell after it. Not stored.</summary>
    public DateTimeOffset SeveritySignalAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>"auto" when the condition cleared, otherwise who resolved it.</summary>
    public string? ResolvedBy { get; set; }

    public DateTimeOffset? LastNotifiedAt { get; set; }

    public long SignalCount { get; set; }

    public double LastValue { get; set; }

    public string Message { get; set; } = "";

    /// <summary>Raised and cleared too often inside the flap window: kept open, not re-notified, until quiet.</summary>
    public bool Flapping { get; set; }

    public string Key => AlertKey.Of(DeviceId, Channel, Rule);

    public bool IsActive => Status != AlertStatus.Resolved;

    public AlertRecord Clone() => (AlertRecord)MemberwiseClone();
}
