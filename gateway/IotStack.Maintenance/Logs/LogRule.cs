using System.Text.RegularExpressions;

namespace IotStack.Maintenance.Logs;

/// <summary>A compiled <see cref="LogRuleOptions"/>.</summary>
internal sealed class LogRule
{
    public LogRule(LogRuleOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            throw new MaintenanceConfigurationException("A log rule in Maintenance:LogRules has no Name.");
        }

        if (options.MoreThan < 0 || options.Window <= TimeSpan.Zero)
        {
            throw new MaintenanceConfigurationException($"Log rule '{options.Name}': MoreThan must be >= 0 and Window positive.");
        }

        Name = options.Name;
        MinLevel = options.MinLevel;
        Source = string.IsNullOrEmpty(options.Source) ? null : options.Source;
        MoreThan = options.MoreThan;
        Window = options.Window;
        AlertSeverity = options.AlertSeverity;
        try
        {
            Pattern = string.IsNullOrEmpty(options.Pattern)
                ? null
                : new Regex(options.Pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        }
        catch (ArgumentException ex)
        {
            throw new MaintenanceConfigurationException($"Log rule '{options.Name}': pattern is not a valid regular expression: {ex.Message}");
        }
    }

    public string Name { get; }

    public LogSeverity MinLevel { get; }

    public string? Source { get; }

    public Regex? Pattern { get; }

    public int MoreThan { get; }

    public TimeSpan Window { get; }

    public LogSeverity AlertSeverity { get; }

    public bool Matches(LogRecord record) =>
        record.Level >= MinLevel
        && (Source is null || string.Equals(Source, record.Source, StringComparison.OrdinalIgnoreCase))
        && (Pattern is null || Pattern.IsMatch(record.Message));

    public string Describe() =>
        $"{(MoreThan == 0 ? "any" : $"more than {MoreThan}")} {MinLevel}+ line(s){(Pattern is null ? "" : $" matching /{Pattern}/")} in {Window.TotalSeconds:0.#} s";
}
