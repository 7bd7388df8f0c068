using System.Globalization;
using System.Xml.Linq;
using IotStack.Gateway.Dashboard.Charts;
using IotStack.Gateway.Storage;

namespace IotStack.Console.Tests.Dashboard.Charts;

public sealed class SeriesChartTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(20_000);

    [Fact]
    public void Render_TemperatureHour_NiceTicksWithUnitTimeTicksAndLabelledLimit()
    {
        SeriesWindow window = SeriesWindow.For("1h", Now);
        SeriesPoint[] points = [.. Enumerable.Range(0, 60).Select(i => new SeriesPoint(window.From.AddMinutes(i), 20 + (i % 5), 21 + (i % 5), 20.5 + (i % 5), 60))];

        XElement svg = XElement.Parse(SeriesChart.Render(window, points, new (double, double)?[points.Length], [], null, 30, "°C"));

        string[] yTicks = [.. Texts(svg, "tick-y")];
        double[] yValues = [.. yTicks.Select(t => double.Parse(t, CultureInfo.InvariantCulture))];
        double step = yValues[1] - yValues[0];
        Assert.InRange(yTicks.Length, 3, 10);
        Assert.All(yValues.Zip(yValues.Skip(1)), pair => Assert.Equal(step, pair.Second - pair.First, 9));
        Assert.Contains(step, new[] { 1.0, 2.0, 5.0 });
        Assert.Equal("°C", Assert.Single(Texts(svg, "unit")));
        Assert.Equal(5, Texts(svg, "tick-x").Count());
        Assert.Equal(window.To.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture), Texts(svg, "tick-x").Last());
        XElement limit = svg.Elements().Single(e => (string?)e.Attribute("data-limit") == "max");
        Assert.Equal("max 30 °C", limit.Value);
    }

    private static IEnumerable<string> Texts(XElement svg, string cssClass) =>
        svg.Elements().Where(e => e.Name.LocalName == "text" && ((string?)e.Attribute("class") ?? "").Split(' ').Contains(cssClass)).Select(e => e.Value);
}
