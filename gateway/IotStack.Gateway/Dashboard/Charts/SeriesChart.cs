using System.Globalization;
using System.Text;
using IotStack.Gateway.Storage;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Charts;

/// <summary>
/// An inline SVG line chart: min–max envelope per bucket, the mean line, the expected band, configured limits as
/// dashed lines and anomalies as red dots. Scales with its container (viewBox), so it works at phone width.
/// </summary>
internal static class SeriesChart
{
    private const double Width = 800, Height = 260, Left = 52, Right = 8, Top = 10, Bottom = 24;

    /// <param name="unit">Unit of the values ("°C"), written on the y ticks and limit labels; empty for none.</param>
    public static string Render(SeriesWindow window, IReadOnlyList<SeriesPoint> points, (double Low, double High)?[] band, IReadOnlyList<ChartMarker> markers, double? limitLow, double? limitHigh, string unit = "")
    {
        if (points.Count == 0)
        {
            return "<p class=\"empty\" data-chart=\"empty\">No data in this range.</p>";
        }

        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        void Include(double v)
        {
            if (double.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        foreach (SeriesPoint p in points)
        {
            Include(p.Min);
            Include(p.Max);
        }

        foreach (var b in band)
        {
            if (b is { } range)
            {
                Include(range.Low);
                Include(range.High);
            }
        }

        foreach (ChartMarker m in markers)
        {
            Include(m.Value);
        }

        if (limitLow is { } l)
        {
            Include(l);
        }

        if (limitHigh is { } h)
        {
            Include(h);
        }

        if (hi - lo < 1e-9)
        {
            hi += 0.5;
            lo -= 0.5;
        }

        double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
        double t0 = window.From.ToUnixTimeMilliseconds(), t1 = window.To.ToUnixTimeMilliseconds();
        string X(DateTimeOffset t) => F(Left + ((t.ToUnixTimeMilliseconds() - t0) / (t1 - t0) * (Width - Left - Right)));
        string Y(double v) => F(Top + ((hi - v) / (hi - lo) * (Height - Top - Bottom)));

        var svg = new StringBuilder(points.Count * 60);
        svg.Append("<svg class=\"chart\" data-points=\"").Append(points.Count).Append("\" viewBox=\"0 0 ").Append(F(Width)).Append(' ').Append(F(Height))
            .Append("\" role=\"img\" aria-label=\"series chart\">");
        // Gridlines and labels at "nice" values (1, 2 or 5 × 10^n apart), about five per axis.
        double step = NiceStep((hi - lo) / 5);
        for (double v = Math.Ceiling(lo / step) * step; v <= hi; v += step)
        {
            svg.Append("<line class=\"grid\" x1=\"").Append(F(Left)).Append("\" x2=\"").Append(F(Width - Right)).Append("\" y1=\"").Append(Y(v)).Append("\" y2=\"").Append(Y(v)).Append("\"/>")
                .Append("<text class=\"axis tick-y\" x=\"").Append(F(Left - 4)).Append("\" y=\"").Append(Y(v)).Append("\" dy=\"4\">").Append(N(v, "0.##")).Append("</text>");
        }

        AppendBand(svg, points, band, X, Y);

        svg.Append("<path class=\"envelope\" d=\"");
        for (int i = 0; i < points.Count; i++)
        {
            svg.Append(i == 0 ? 'M' : 'L').Append(X(points[i].Time)).Append(',').Append(Y(points[i].Max));
        }

        for (int i = points.Count - 1; i >= 0; i--)
        {
            svg.Append('L').Append(X(points[i].Time)).Append(',').Append(Y(points[i].Min));
        }

        svg.Append("Z\"/><polyline class=\"mean\" points=\"");
        foreach (SeriesPoint p in points)
        {
            svg.Append(X(p.Time)).Append(',').Append(Y(p.Mean)).Append(' ');
        }

        svg.Append("\"/>");
        string suffix = unit.Length > 0 ? " " + E(unit) : "";
        foreach (var (limit, name) in new[] { (limitLow, "min"), (limitHigh, "max") })
        {
            if (limit is { } value)
            {
                svg.Append("<line class=\"limit\" x1=\"").Append(F(Left)).Append("\" x2=\"").Append(F(Width - Right)).Append("\" y1=\"").Append(Y(value)).Append("\" y2=\"").Append(Y(value)).Append("\"/>")
                    .Append("<text class=\"limit-label\" data-limit=\"").Append(name).Append("\" x=\"").Append(F(Width - Right - 4)).Append("\" y=\"").Append(Y(value))
                    .Append("\" dy=\"").Append(name == "max" ? "-4" : "12").Append("\">").Append(name).Append(' ').Append(N(value)).Append(suffix).Append("</text>");
            }
        }

        foreach (ChartMarker m in markers)
        {
            svg.Append("<circle class=\"anomaly\" data-alert=\"").Append(m.AlertId).Append("\" cx=\"").Append(X(m.Time)).Append("\" cy=\"").Append(Y(m.Value))
                .Append("\" r=\"5\"><title>").Append(E(m.Label)).Append("</title></circle>");
        }

        if (unit.Length > 0)
        {
            svg.Append("<text class=\"axis unit\" x=\"2\" y=\"").Append(F(Top + 2)).Append("\">").Append(E(unit)).Append("</text>");
        }

        for (int i = 0; i <= 4; i++)
        {
            DateTimeOffset at = window.From + ((window.To - window.From) * i / 4);
            string anchor = i == 0 ? "axis" : i == 4 ? "axis end" : "axis mid";
            svg.Append("<text class=\"").Append(anchor).Append(" tick-x\" x=\"").Append(X(at)).Append("\" y=\"").Append(F(Height - 6)).Append("\">").Append(TickTime(at, window)).Append("</text>");
        }

        svg            .Append("</svg>");
        return svg.ToString();
    }

    private static void AppendBand(StringBuilder svg, IReadOnlyList<SeriesPoint> points, (double Low, double High)?[] band, Func<DateTimeOffset, string> x, Func<double, string> y)
    {
        int first = Array.FindIndex(band, b => b.HasValue);
        if (first < 0)
        {
            return;
        }

        // One polygon from the first point with a band to the end: upper edge forwards, lower edge back.
        svg.Append("<path class=\"band\" d=\"");
        bool started = false;
        for (int i = first; i < points.Count; i++)
        {
            if (band[i] is { } b)
            {
                svg.Append(started ? 'L' : 'M').Append(x(points[i].Time)).Append(',').Append(y(b.High));
                started = true;
            }
        }

        for (int i = points.Count - 1; i >= first; i--)
        {
            if (band[i] is { } b)
            {
                svg.Append('L').Append(x(points[i].Time)).Append(',').Append(y(b.Low));
            }
        }

        svg.Append("Z\"/>");
    }

    private static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }

    /// <summary>Clock time for ranges within a day, day and time beyond (UTC, as the rest of the console).</summary>
    private static string TickTime(DateTimeOffset at, SeriesWindow window) =>
        at.UtcDateTime.ToString(window.To - window.From > TimeSpan.FromDays(1) ? "MMM d HH:mm" : "HH:mm", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
