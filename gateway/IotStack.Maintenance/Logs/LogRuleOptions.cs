namespace IotStack.Maintenance.Logs;

/// <summary>
/// A log alert rule from <c>Maintenance:LogRules</c>: lines at or above <see cref="MinLevel"/>, optionally from one
/// source and matching <see cref="Pattern"/>; fires when more than <see cref="MoreThan"/> such lines fall in <see cref="Window"/>.
/// </summary>
internal sealed class LogRuleOptions
{
    public string Name { get; set; } = "";

    public LogSeverity MinLevel { get; set; } = LogSeverity.Error;

    /// <summary>.NET regular expression, run with the non-backtracking engine (no catastrophic backtracking on hostile lines).</summary>
    public string? Pattern { get; set; }

    public string? Source { get; set; }

    public int MoreThan { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public LogSeverity AlertSeverity { get; set; } = LogSeverity.Error;
}
