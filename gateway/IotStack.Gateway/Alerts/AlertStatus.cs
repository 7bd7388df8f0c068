namespace IotStack.Gateway.Alerts;

/// <summary>Lifecycle open → acknowledged → resolved. Persisted as numbers: append, never renumber.</summary>
internal enum AlertStatus
{
    Open = 0,
    Acknowledged = 1,
    Resolved = 2,
}
