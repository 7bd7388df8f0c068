namespace IotStack.Maintenance.Logs;

/// <summary>Search filters, combined with AND; null means "any". <see cref="Text"/> is a case-insensitive substring. Newest first.</summary>
internal sealed record LogQuery(
    LogSeverity? MinLevel = null,
    string? Source = null,
    string? Component = null,
    string? Text = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 200);
