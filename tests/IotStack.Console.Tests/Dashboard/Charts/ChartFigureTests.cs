using System.Text.Json;
using IotStack.Gateway.Dashboard.Charts;
using IotStack.Gateway.Storage;

namespace IotStack.Console.Tests.Dashboard.Charts;

public sealed class ChartFigureTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(20_000);

    [Fact]
    public void Build_TemperatureHour_UtcTimesUnitLabelledLimitsBandGapsAndAnomalies()
    {
        SeriesWindow window = SeriesWindow.For("1h", Now);
        SeriesPoint[] points = [.. Enumerable.Range(0, 60).Select(i => new SeriesPoint(window.From.AddMinutes(i), 20 + (i % 5), 21 + (i % 5), 20.5 + (i % 5), 60))];
        var band = new (double, double)?[points.Length];
        band[10] = (19.5, 22.5);
        ChartMarker[] markers = [new(42, window.From.AddMinutes(30), 36.5, "#42 above-max: 36.5 > 35")];

        ChartFigure figure = ChartFigure.Build("temperature", "°C", window, points, band, markers, null, 30);
        using JsonDocument json = JsonDocument.Parse(figure.ToJson());
        JsonElement root = json.RootElement;

        Assert.Equal(60, root.GetProperty("time").GetArrayLength());
        Assert.Equal(window.From.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("from").GetString());
        Assert.Equal("°C", root.GetProperty("unit").GetString());
        JsonElement limit = Assert.Single(root.GetProperty("limits").EnumerateArray());
        Assert.Equal("max 30 °C", limit.GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("bandHigh")[0].ValueKind);
        Assert.Equal(22.5, root.GetProperty("bandHigh")[10].GetDouble());
        JsonElement anomaly = Assert.Single(root.GetProperty("anomalies").EnumerateArray());
        Assert.Equal(42, anomaly.GetProperty("alertId").GetInt64());
        Assert.Equal(36.5, anomaly.GetProperty("value").GetDouble());
    }

    [Fact]
    public void ToJson_MarkupInALabel_CannotCloseTheAttributeOrAScript()
    {
        SeriesWindow window = SeriesWindow.For("1h", Now);
        SeriesPoint[] points = [new(window.From, 1, 2, 1.5, 1)];
        ChartMarker[] markers = [new(1, window.From, 2, "</script><img src=x onerror=alert(1)>\"'")];

        string json = ChartFigure.Build("t", "", window, points, new (double, double)?[1], markers, null, null).ToJson();

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.DoesNotContain(">", json, StringComparison.Ordinal);
        Assert.DoesNotContain("'", json, StringComparison.Ordinal);
    }
}
