namespace IotStack.Maintenance.Logs;

/// <summary>A log rule fired for one source. <see cref="Sample"/> is the line that crossed the threshold.</summary>
internal sealed record LogRuleMatch(
    string Rule,
    string Source,
    LogSeverity Severity,
    int Count,
    TimeSpan Window,
    DateTimeOffset FirstAt,
    DateTimeOffset At,
    LogRecord Sample,
    string Description);
