namespace IotStack.Gateway.Alerts;

/// <summary>How severities are written in URLs and on the command line: lower-case names.</summary>
internal static class AlertSeverityText
{
    public static string Of(AlertSeverity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>A severity name in any case; numbers outside the enum are refused.</summary>
    public static bool TryParse(string? text, out AlertSeverity severity) =>
        Enum.TryParse(text, ignoreCase: true, out severity) && Enum.IsDefined(severity);
}
