using System.Globalization;

namespace IotStack.Gateway.Dashboard;

/// <summary>How the console writes numbers and times as text (UTC, invariant culture). Plain text: Razor encodes it where it lands.</summary>
internal static class ConsoleText
{
    public static string Number(double value, string format = "0.##") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "–";

    /// <summary>"3 s ago", "5 min ago": what an operator scans for on the fleet page.</summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        TimeSpan age = now - then;
        return age.TotalSeconds < 0 ? "just now"
            : age.TotalSeconds < 90 ? $"{age.TotalSeconds:0} s ago"
            : age.TotalMinutes < 90 ? $"{age.TotalMinutes:0} min ago"
            : age.TotalHours < 36 ? $"{age.TotalHours:0} h ago"
            : $"{age.TotalDays:0} d ago";
    }

    /// <summary>A reading with its unit ("23.4 °C"); one decimal is what the sensors resolve.</summary>
    public static string Reading(double value, string unit) =>
        unit.Length == 0 ? Number(value, "0.0") : Number(value, "0.0") + " " + unit;

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
