namespace IotStack.Maintenance.Logs;

/// <summary>Severity of a log line, ordered. Persisted in the log store: never renumber.</summary>
internal enum LogSeverity
{
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warning = 3,
    Error = 4,
    Critical = 5,
}
