namespace IotStack.Maintenance.Commands;

/// <summary>The result of one command request on one host, as audited.</summary>
internal sealed record CommandOutcome(
    string Host,
    string Template,
    CommandStatus Status,
    int? ExitCode,
    string Output,
    string Error,
    TimeSpan Duration,
    string Message,
    bool ReusedConnection = false,
    long AuditId = 0,
    bool CommandSent = false)
{
    public bool Succeeded => Status == CommandStatus.Succeeded;

    /// <summary>Safe to try again: a transient failure, and either the command never reached the host or it is idempotent.</summary>
    public bool IsRetryable(CommandTemplate template) => Status.IsTransient() && (!CommandSent || template.Idempotent);

    /// <summary>One line for tables and alerts: why it failed, or the exit code.</summary>
    public string Summary => Status switch
    {
        CommandStatus.Succeeded => "ok",
        CommandStatus.NonZeroExit => $"exit {ExitCode}: {FirstLine(Error.Length > 0 ? Error : Output)}",
        _ => $"{Status}: {Message}",
    };

    private static string FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).ToString();
    }
}
