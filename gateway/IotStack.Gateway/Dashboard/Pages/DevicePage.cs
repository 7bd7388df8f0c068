using System.Text;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Dashboard.Charts;
using IotStack.Gateway.Dashboard.Rendering;
using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Timeline;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

/// <summary>One device: its status, a channel chart over a chosen range (rollups, expected band, anomalies), its alerts and incident timeline.</summary>
internal static class DevicePage
{
    private static readonly byte[] KnownChannels =
    [
        Protocol.Channel.Temperature, Protocol.Channel.Humidity, Protocol.Channel.Pressure, Protocol.Channel.Sht31Temperature, Protocol.Channel.Sht31Humidity,
    ];

    public static async Task<string?> RenderAsync(ConsoleRequest request, string deviceId)
    {
        ConsoleBackends backends = request.Backends;
        if (backends.Devices is not { } devices)
        {
            return "<h1>" + E(deviceId) + "</h1>" + NotAvailable("The device store");
        }

        if (await devices.ReadDeviceAsync(deviceId, request.Aborted).ConfigureAwait(false) is not { } device)
        {
            return null;
        }

        byte channel = byte.TryParse(request.Query("channel"), out byte c) && c > 0 ? c : Protocol.Channel.Temperature;
        SeriesWindow window = SeriesWindow.For(request.Query("range"), request.Now, device.FirstSeen);
        string self = $"{ConsoleLayout.Base}/devices/{U(deviceId)}";
        var html = new StringBuilder(16_384);
        html.Append("<h1>").Append(E(deviceId)).Append(" <span class=\"badge ").Append(device.State == Protocol.DeviceState.Offline ? "offline" : "online").Append("\">")
            .Append(device.State.ToString().ToLowerInvariant()).Append("</span></h1><dl class=\"facts\">")
            .Append("<dt>Fleet</dt><dd>").Append(E(device.Fleet)).Append("</dd><dt>Firmware</dt><dd><code>").Append(E(device.Firmware ?? "–")).Append("</code></dd>")
            .Append("<dt>Board</dt><dd>").Append(E(device.Board ?? "–")).Append("</dd><dt>Last seen</dt><dd>").Append(Ago(device.LastSeen, request.Now)).Append("</dd>")
            .Append("<dt>Uptime</dt><dd>").Append(TimeSpan.FromSeconds(device.UptimeSeconds).ToString("c", System.Globalization.CultureInfo.InvariantCulture)).Append("</dd>")
            .Append("<dt>Sensor errors</dt><dd>").Append(device.SensorErrors).Append("</dd></dl>");

        html.Append("<nav class=\"pick\" aria-label=\"channel\">");
        foreach (byte known in KnownChannels)
        {
            html.Append("<a href=\"").Append(self).Append("?channel=").Append(known).Append("&range=").Append(window.Range).Append('"')
                .Append(known == channel ? " class=\"active\"" : "").Append('>').Append(E(Protocol.Channel.NameOf(known))).Append("</a>");
        }

        html.Append("</nav><nav class=\"pick\" aria-label=\"range\">");
        foreach (var (key, _) in SeriesWindow.Ranges)
        {
            html.Append("<a href=\"").Append(self).Append("?channel=").Append(channel).Append("&range=").Append(key).Append('"')
                .Append(key == window.Range ? " class=\"active\"" : "").Append(" data-range=\"").Append(key).Append("\">").Append(key).Append("</a>");
        }

        html.Append("</nav>");
        IReadOnlyList<AlertRecord> alerts = backends.AlertStore is { } alertStore
            ? await alertStore.ReadAlertsAsync(new AlertQuery(DeviceId: deviceId, Limit: 200), request.Aborted).ConfigureAwait(false)
            : [];
        if (backends.Telemetry is { } telemetry)
        {
            IReadOnlyList<SeriesPoint> points = await window.ReadAsync(telemetry, deviceId, channel, request.Aborted).ConfigureAwait(false);
            ChannelThresholdOptions? limits = backends.Gateway.Channels.GetValueOrDefault(channel.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var markers = alerts
                .Where(a => a.Channel == channel && a.OpenedAt >= window.From && a.OpenedAt <= window.To)
                .Select(a => new ChartMarker(a.Id, a.OpenedAt, double.IsFinite(a.LastValue) ? a.LastValue : double.NaN, $"#{a.Id} {a.Rule}: {a.Message}"))
                .Where(m => double.IsFinite(m.Value))
                .ToList();
            html.Append("<figure class=\"chart-box\">")
                .Append(SeriesChart.Render(window, points, ExpectedBand.Compute(points, limits?.SigmaK ?? 3), markers, limits?.Min, limits?.Max, ChannelUnit.Of(channel)))
                .Append("<figcaption>").Append(E(Protocol.Channel.NameOf(channel))).Append(", ").Append(window.Range).Append(" from ")
                .Append(window.Resolution.ToString().ToLowerInvariant()).Append(" rollups; shaded: expected band; red: anomalies (").Append(markers.Count).Append(")</figcaption></figure>");
        }
        else
        {
            html.Append(NotAvailable("Telemetry"));
        }

        html.Append("<h2>Alerts</h2>");
        AlertTable.Append(html, request, alerts.Where(a => a.IsActive).ToList(), self + "?channel=" + channel + "&range=" + window.Range, showDevice: false);
        html.Append("<h2>Timeline</h2>");
        if (backends.Timeline is { } timeline)
        {
            IReadOnlyList<TimelineEvent> events = await timeline.ReadTimelineAsync(deviceId, null, 100, request.Aborted).ConfigureAwait(false);
            AppendTimeline(html, events);
        }
        else
        {
            html.Append(NotAvailable("The incident timeline"));
        }

        return html.ToString();
    }

    private static void AppendTimeline(StringBuilder html, IReadOnlyList<TimelineEvent> events)
    {
        if (events.Count == 0)
        {
            html.Append("<p class=\"empty\">Nothing has happened yet.</p>");
            return;
        }

        html.Append("<ol class=\"timeline\">");
        foreach (TimelineEvent entry in events)
        {
            html.Append("<li data-kind=\"").Append(E(entry.Kind)).Append("\"><time>").Append(Time(entry.Time)).Append("</time> <span class=\"kind\">")
                .Append(E(entry.Kind)).Append("</span> <small>").Append(E(entry.Source)).Append("</small> ").Append(E(entry.Summary));
            if (!string.IsNullOrEmpty(entry.Detail))
            {
                html.Append("<details><summary>detail</summary><pre>").Append(E(entry.Detail)).Append("</pre></details>");
            }

            html.Append("</li>");
        }

        html.Append("</ol>");
    }
}
