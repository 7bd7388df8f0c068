using System.Text;
using IotStack.Gateway.Storage;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

/// <summary>
/// Published releases per board (from the OTA release catalog). Rollout campaigns are shown once the gateway hosts a
/// campaign service; until then the page says so rather than showing anything invented.
/// </summary>
internal static class OtaPage
{
    public static async Task<string> RenderAsync(ConsoleRequest request)
    {
        var html = new StringBuilder();
        html.Append("<h1>OTA</h1><h2>Releases</h2>");
        if (request.Backends.Releases is { } catalog && request.Backends.Devices is { } devices)
        {
            IReadOnlyList<DeviceRecord> all = await devices.ReadDevicesAsync(request.Aborted).ConfigureAwait(false);
            var boards = all.Select(d => d.Board).OfType<string>().Where(b => b.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (boards.Count == 0)
            {
                html.Append("<p class=\"empty\">No board type has reported yet.</p>");
            }

            html.Append("<ul class=\"releases\">");
            foreach (string board in boards)
            {
                IReadOnlyList<string> versions = await catalog.ListVersionsAsync(board, request.Aborted).ConfigureAwait(false);
                html.Append("<li data-board=\"").Append(E(board)).Append("\"><strong>").Append(E(board)).Append("</strong> ")
                    .Append(versions.Count == 0 ? "no release" : string.Join(", ", versions.Select(v => "<code>" + E(v) + "</code>"))).Append("</li>");
            }

            html.Append("</ul>");
        }
        else
        {
            html.Append(NotAvailable("The OTA release catalog"));
        }

        html.Append("<h2>Campaigns</h2>").Append(NotAvailable("Rollout campaigns (waves, pause, resume, abort)"));
        return html.ToString();
    }
}
