using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Dashboard.Charts;

/// <summary>
/// What the device page's chart draws, as JSON for console.js (which hands it to plotly.js): per bucket the time,
/// min, max and mean, the expected band, the configured limits with their labels ("max 35 °C") and the anomalies
/// (alerts opened on the channel inside the range). Times are UTC without an offset: plotly draws dates as written,
/// and the console shows UTC everywhere.
/// </summary>
internal sealed record ChartFigure(
    string Channel,
    string Unit,
    string Range,
    string From,
    string To,
    string[] Time,
    double?[] Min,
    double?[] Max,
    double?[] Mean,
    double?[] BandLow,
    double?[] BandHigh,
    ChartLimit[] Limits,
    ChartAnomaly[] Anomalies)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public int Points => Time.Length;

    public static ChartFigure Build(string channel, string unit, SeriesWindow window, IReadOnlyList<SeriesPoint> points, (double Low, double High)?[] band,
        IReadOnlyList<ChartMarker> markers, double? limitLow, double? limitHigh)
    {
        string suffix = unit.Length > 0 ? " " + unit : "";
        var limits = new List<ChartLimit>(2);
        if (limitLow is { } low)
        {
            limits.Add(new ChartLimit("min", low, $"min {ConsoleText.Number(low)}{suffix}"));
        }

        if (limitHigh is { } high)
        {
            limits.Add(new ChartLimit("max", high, $"max {ConsoleText.Number(high)}{suffix}"));
        }

        return new ChartFigure(
            channel,
            unit,
            window.Range,
            Stamp(window.From),
            Stamp(window.To),
            [.. points.Select(p => Stamp(p.Time))],
            [.. points.Select(p => Finite(p.Min))],
            [.. points.Select(p => Finite(p.Max))],
            [.. points.Select(p => Finite(p.Mean))],
            [.. band.Select(b => b is { } v ? Finite(v.Low) : null)],
            [.. band.Select(b => b is { } v ? Finite(v.High) : null)],
            [.. limits],
            [.. markers.Select(m => new ChartAnomaly(m.AlertId, Stamp(m.Time), m.Value, m.Label))]);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>Rounded to what a sensor resolves (smaller JSON); gaps (NaN) become null, which plotly leaves as gaps.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;
}

internal sealed record ChartLimit(string Name, double Value, string Label);

internal sealed record ChartAnomaly(long AlertId, string Time, double Value, string Label);
