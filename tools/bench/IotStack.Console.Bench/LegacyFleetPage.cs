using System.Text;
using System.Text.Encodings.Web;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Dashboard;
using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Bench;

/// <summary>
/// The fleet page as the console rendered it before Razor components (StringBuilder, manual encoding), kept here
/// only as the benchmark's baseline for the component-rendered page.
/// </summary>
internal static class LegacyFleetPage
{
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
            html.Append("<li data-firmware=\"").Append(Encode(version)).Append("\"><code>").Append(Encode(version)).Append("</code> ").Append(count).Append("</li>");
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
            html.Append("<tr data-device=\"").Append(Encode(device.DeviceId)).Append("\" data-state=\"").Append(state).Append("\"><td><a href=\"")
                .Append("/console").Append("/devices/").Append(Url(device.DeviceId)).Append("\">").Append(Encode(device.DeviceId)).Append("</a><small> ")
                .Append(Encode(device.Fleet)).Append("</small></td><td><span class=\"badge ").Append(state).Append("\">").Append(device.State.ToString().ToLowerInvariant())
                .Append("</span></td><td><code>").Append(Encode(device.Firmware ?? "–")).Append("</code></td><td class=\"wide\">").Append(Encode(device.Board ?? "–"))
                .Append("</td><td title=\"").Append(ConsoleText.Time(device.LastSeen)).Append("\">").Append(ConsoleText.Ago(device.LastSeen, now)).Append("</td><td>");
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

    private static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    private static string Url(string? text) => UrlEncoder.Default.Encode(text ?? "");
}
