using System.Text;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Storage;
using IotStack.Protocol;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

/// <summary>Fleet overview: online/offline, firmware versions in the field, open alerts per device.</summary>
internal static class FleetPage
{
    public static async Task<string> RenderAsync(ConsoleRequest request)
    {
        if (request.Backends.Devices is not { } devices)
        {
            return "<h1>Fleet</h1>" + NotAvailable("The device store");
        }

        IReadOnlyList<DeviceRecord> all = await devices.ReadDevicesAsync(request.Aborted).ConfigureAwait(false);
        IReadOnlyList<AlertRecord> open = request.Backends.AlertStore is { } alerts
            ? await alerts.ReadAlertsAsync(new AlertQuery(ActiveOnly: true, Limit: 10_000), request.Aborted).ConfigureAwait(false)
            : [];
        return Render(all, open, request.Now);
    }

    /// <summary>Pure rendering, separate from the reads so the benchmark measures the page, not SQLite.</summary>
    public static string Render(IReadOnlyList<DeviceRecord> devices, IReadOnlyList<AlertRecord> openAlerts, DateTimeOffset now)
    {
        var alertsByDevice = new Dictionary<string, (int Count, AlertSeverity Worst)>(StringComparer.Ordinal);
        foreach (AlertRecord alert in openAlerts)
        {
            alertsByDevice[alert.DeviceId] = alertsByDevice.TryGetValue(alert.DeviceId, out var seen)
                ? (seen.Count + 1, seen.Worst > alert.Severity ? seen.Worst : alert.Severity)
                : (1, alert.Severity);
        }

        int online = 0;
        var firmware = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (DeviceRecord device in devices)
        {
            online += device.State == DeviceState.Offline ? 0 : 1;
            string version = device.Firmware ?? "unknown";
            firmware[version] = firmware.GetValueOrDefault(version) + 1;
        }

        var html = new StringBuilder(512 + (devices.Count * 420));
        html.Append("<h1>Fleet</h1><section class=\"cards\">")
            .Append(Card("devices", "Devices", devices.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(Card("online", "Online", online.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(Card("offline", "Offline", (devices.Count - online).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(Card("open-alerts", "Open alerts", openAlerts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append("</section><section><h2>Firmware in the field</h2><ul class=\"firmware\">");
        foreach (var (version, count) in firmware)
        {
            html.Append("<li data-firmware=\"").Append(E(version)).Append("\"><code>").Append(E(version)).Append("</code> ").Append(count).Append("</li>");
        }

        html.Append("</ul></section><section><h2>Devices</h2>");
        if (devices.Count == 0)
        {
            html.Append("<p class=\"empty\">No device has reported yet.</p></section>");
            return html.ToString();
        }

        html.Append("<div class=\"scroll\"><table class=\"devices\"><thead><tr><th>Device</th><th>State</th><th>Firmware</th><th class=\"wide\">Board</th><th>Last seen</th><th>Alerts</th></tr></thead><tbody>");
        foreach (DeviceRecord device in devices.OrderBy(d => d.DeviceId, StringComparer.Ordinal))
        {
            string state = device.State == DeviceState.Offline ? "offline" : "online";
            html.Append("<tr data-device=\"").Append(E(device.DeviceId)).Append("\" data-state=\"").Append(state).Append("\"><td><a href=\"")
                .Append(Rendering.ConsoleLayout.Base).Append("/devices/").Append(U(device.DeviceId)).Append("\">").Append(E(device.DeviceId)).Append("</a><small> ")
                .Append(E(device.Fleet)).Append("</small></td><td><span class=\"badge ").Append(state).Append("\">").Append(device.State.ToString().ToLowerInvariant())
                .Append("</span></td><td><code>").Append(E(device.Firmware ?? "–")).Append("</code></td><td class=\"wide\">").Append(E(device.Board ?? "–"))
                .Append("</td><td title=\"").Append(Time(device.LastSeen)).Append("\">").Append(Ago(device.LastSeen, now)).Append("</td><td>");
            if (alertsByDevice.TryGetValue(device.DeviceId, out var alerts))
            {
                html.Append("<span class=\"badge ").Append(alerts.Worst.ToString().ToLowerInvariant()).Append("\">").Append(alerts.Count).Append("</span>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table></div></section>");
        return html.ToString();
    }

    private static string Card(string key, string label, string value) =>
        $"<div class=\"card\" data-card=\"{key}\"><span class=\"value\">{value}</span><span class=\"label\">{label}</span></div>";
}
