using System.Globalization;

namespace IotStack.Demo;

/// <summary>"90s", "3m", "1h", "250ms" or bare seconds.</summary>
internal static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan? duration)
    {
        duration = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        text = text.Trim().ToLowerInvariant();
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ when text.EndsWith('h') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || value * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }
}
