namespace IotStack.Gateway.Dashboard.Charts;

/// <summary>An anomaly drawn on a chart: an alert raised on this channel inside the range.</summary>
internal sealed record ChartMarker(long AlertId, DateTimeOffset Time, double Value, string Label);
