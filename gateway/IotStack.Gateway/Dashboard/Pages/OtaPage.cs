using System.Text;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard.Rendering;
using IotStack.Gateway.Storage;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

/// <summary>
/// Published releases per board type (from the OTA release catalog), a form for admins to start a rollout of one of
/// them, and the rollout campaigns (<see cref="CampaignsSection"/>). Each part says "not available" when the gateway
/// runs without OTA rather than showing anything invented.
/// </summary>
internal static class OtaPage
{
    public static async Task<string> RenderAsync(ConsoleRequest request)
    {
        var html = new StringBuilder();
        html.Append("<h1>OTA</h1><h2>Releases</h2>");
        var releases = new List<(string Board, string Version)>();
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
                releases.AddRange(versions.Select(v => (board, v)));
                html.Append("<li data-board=\"").Append(E(board)).Append("\"><strong>").Append(E(board)).Append("</strong> ")
                    .Append(versions.Count == 0 ? "no release" : string.Join(", ", versions.Select(v => "<code>" + E(v) + "</code>"))).Append("</li>");
            }

            html.Append("</ul>");
        }
        else
        {
            html.Append(NotAvailable("The OTA release catalog"));
        }

        html.Append("<h2>Campaigns</h2>");
        if (request.Backends.Ota is not { } ota)
        {
            html.Append(NotAvailable("Rollout campaigns (waves, pause, resume, abort)"));
        }
        else if (ota.Engine is not { } engine)
        {
            html.Append("<p class=\"na\" data-state=\"starting\">The rollout engine is starting.</p>");
        }
        else
        {
            if (request.Can(ConsoleRole.Admin) && releases.Count > 0)
            {
                AppendStartForm(html, request, releases);
            }

            CampaignsSection.Append(html, request, engine);
        }

        return html.ToString();
    }

    private static void AppendStartForm(StringBuilder html, ConsoleRequest request, List<(string Board, string Version)> releases)
    {
        html.Append("<h3>Start a rollout</h3><form method=\"post\" class=\"start-rollout\" action=\"").Append(ConsoleLayout.Base).Append("/ota/campaigns\" data-confirm=\"")
            .Append(E("Start this rollout? Boards in the target will be offered the release, canary wave first.")).Append("\">").Append(CsrfField(request.Csrf))
            .Append("<label>Release <select name=\"release\">");
        foreach (var (board, version) in releases)
        {
            html.Append("<option value=\"").Append(E(board + "|" + version)).Append("\">").Append(E(board)).Append(' ').Append(E(version)).Append("</option>");
        }

        html.Append("</select></label>")
            .Append("<label>Target <input name=\"group\" value=\"all\" title=\"all, a fleet name, fleet:NAME or board:TYPE\" autocomplete=\"off\"></label>")
            .Append("<label>Canary <input name=\"canary\" type=\"number\" min=\"1\" value=\"1\"></label>")
            .Append("<label>Batch <input name=\"batch\" type=\"number\" min=\"1\" value=\"10\"></label>")
            .Append("<label>Soak (s) <input name=\"soak\" type=\"number\" min=\"0\" step=\"any\" value=\"600\"></label>")
            .Append("<label>Roll back to <input name=\"rollback\" placeholder=\"version (optional)\" autocomplete=\"off\"></label>")
            .Append("<button type=\"submit\" class=\"start\">Start rollout</button></form>");
    }
}
