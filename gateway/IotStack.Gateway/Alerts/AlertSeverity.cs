namespace IotStack.Gateway.Alerts;

/// <summary>Persisted as numbers: append, never renumber.</summary>
internal enum AlertSeverity
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}
