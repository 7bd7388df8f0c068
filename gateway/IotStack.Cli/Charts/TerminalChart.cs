using System.Globalization;
using System.Text;
using IotStack.Gateway.Api;
using IotStack.Gateway.Storage;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IotStack.Cli.Charts;

/// <summary>
/// A series as three sparklines on one shared scale: the maximum, the mean and the minimum of each column, so spikes
/// that a mean hides still show in the envelope. Points are merged into at most <c>width</c> columns (min of mins,
/// max of maxes, count-weighted mean), the same reduction the console chart applies to rollups.
/// </summary>
internal static class TerminalChart
{
    private const string Levels = "▁▂▃▄▅▆▇█";

    public static IRenderable Render(SeriesDto series, int width)
    {
        string title = $"{series.DeviceId} {series.ChannelName} ({series.Resolution}, {series.Points.Count} points)";
        if (series.Points.Count == 0)
        {
            return new Panel(new Markup("[grey]no data in this range[/]")).Header(Markup.Escape(title));
        }

        IReadOnlyList<Column> columns = Merge(series.Points, width);
        double low = columns.Min(c => c.Min), high = columns.Max(c => c.Max);
        double mean = columns.Sum(c => c.Mean * c.Count) / Math.Max(1, columns.Sum(c => c.Count));
        var rows = new Rows(
            Line("max ", columns.Select(c => c.Max), low, high, "red"),
            Line("mean", columns.Select(c => c.Mean), low, high, "green"),
            Line("min ", columns.Select(c => c.Min), low, high, "blue"),
            new Markup(Markup.Escape($"     {Time(series.From)} … {Time(series.To)}")),
            new Markup(Markup.Escape($"     min {F(low)}  mean {F(mean)}  max {F(high)}")));
        return new Panel(rows).Header(Markup.Escape(title));
    }

    public static string Sparkline(IEnumerable<double> values, double low, double high)
    {
        var text = new StringBuilder();
        foreach (double value in values)
        {
            int level = high > low ? (int)Math.Round((value - low) / (high - low) * (Levels.Length - 1)) : Levels.Length / 2;
            text.Append(Levels[Math.Clamp(level, 0, Levels.Length - 1)]);
        }

        return text.ToString();
    }

    private static Markup Line(string label, IEnumerable<double> values, double low, double high, string colour) =>
        new($"{label} [{colour}]{Markup.Escape(Sparkline(values, low, high))}[/]");

    private static IReadOnlyList<Column> Merge(IReadOnlyList<SeriesPoint> points, int width)
    {
        int per = (int)Math.Ceiling(points.Count / (double)Math.Max(1, width));
        var columns = new List<Column>();
        for (int start = 0; start < points.Count; start += per)
        {
            var chunk = points.Skip(start).Take(per).ToList();
            long count = chunk.Sum(p => Math.Max(1L, p.Count));
            columns.Add(new Column(chunk.Min(p => p.Min), chunk.Max(p => p.Max), chunk.Sum(p => p.Mean * Math.Max(1L, p.Count)) / count, count));
        }

        return columns;
    }

    private static string F(double value) => value.ToString("G5", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private sealed record Column(double Min, double Max, double Mean, long Count);
}
