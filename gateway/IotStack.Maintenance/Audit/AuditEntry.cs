using IotStack.Maintenance.Commands;

namespace IotStack.Maintenance.Audit;

/// <summary>One command request: who, what, where, when, result. Refused requests are audited too.</summary>
/// <param name="RequestedBy">A user name, or "remediation:&lt;rule&gt;" for automatic actions.</param>
internal sealed record AuditEntry(
    DateTimeOffset At,
    string RequestedBy,
    string Host,
    string Template,
    string Arguments,
    string CommandText,
    CommandStatus Status,
    int? ExitCode,
    TimeSpan Duration,
    string Output,
    string Error,
    bool Automatic,
    long Id = 0);
