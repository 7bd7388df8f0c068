using System.Text;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard.Rendering;
using IotStack.Ota.Rollouts;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

/// <summary>
/// Rollout campaigns on the OTA page: state, per-wave progress (how many boards of each wave are at each step), every
/// board's state, and for admins pause / resume / abort (confirmed in the browser, antiforgery-protected, refused
/// with 403 for anyone else). Newest campaigns first.
/// </summary>
internal static class CampaignsSection
{
    /// <summary>Columns of the wave table: each groups the device states it counts ("offered" includes boards waiting to retry).</summary>
    private static readonly (string Name, DeviceRolloutState[] States)[] Steps =
    [
        ("pending", [DeviceRolloutState.Pending]),
        ("offered", [DeviceRolloutState.Offered, DeviceRolloutState.Retrying]),
        ("downloading", [DeviceRolloutState.Downloading, DeviceRolloutState.Verifying]),
        ("installed", [DeviceRolloutState.Installed]),
        ("confirmed", [DeviceRolloutState.Confirmed]),
        ("failed", [DeviceRolloutState.Failed]),
        ("rolled back", [DeviceRolloutState.RolledBack]),
    ];

    public static void Append(StringBuilder html, ConsoleRequest request, RolloutEngine engine)
    {
        List<CampaignStatus> campaigns = engine.CampaignIds().Select(engine.Status).OfType<CampaignStatus>().Reverse().ToList();
        if (campaigns.Count == 0)
        {
            html.Append("<p class=\"empty\">No campaign yet.</p>");
            return;
        }

        foreach (CampaignStatus campaign in campaigns)
        {
            AppendCampaign(html, request, campaign);
        }
    }

    private static void AppendCampaign(StringBuilder html, ConsoleRequest request, CampaignStatus campaign)
    {
        string state = campaign.State.ToString();
        html.Append("<section class=\"campaign\" id=\"campaign-").Append(E(campaign.Id)).Append("\" data-campaign=\"").Append(E(campaign.Id)).Append("\" data-state=\"").Append(E(state)).Append("\"><h3><code>")
            .Append(E(campaign.Id)).Append("</code> <span class=\"badge ").Append(BadgeFor(campaign.State)).Append(" campaign-state\">").Append(E(state)).Append("</span></h3>")
            .Append("<p>Wave ").Append(campaign.Wave < 0 ? "–" : (campaign.Wave + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(", ").Append(campaign.Count(DeviceRolloutState.Confirmed)).Append(" of ").Append(campaign.Devices.Count).Append(" boards confirmed");
        // The engine keeps the last reason (e.g. "paused by operator" after a resume); it explains only these states.
        if (!string.IsNullOrEmpty(campaign.Reason) && campaign.State is CampaignState.Paused or CampaignState.Aborted or CampaignState.RollingBack)
        {
            html.Append(". <span class=\"reason\">").Append(E(campaign.Reason)).Append("</span>");
        }

        html.Append("</p>");
        if (request.Can(ConsoleRole.Admin))
        {
            AppendControls(html, request, campaign);
        }

        AppendWaves(html, campaign);
        AppendDevices(html, campaign);
        html.Append("</section>");
    }

    private static void AppendControls(StringBuilder html, ConsoleRequest request, CampaignStatus campaign)
    {
        string action = $"{ConsoleLayout.Base}/ota/campaigns/{U(campaign.Id)}/";
        html.Append("<div class=\"controls\">");
        if (campaign.State is CampaignState.Running or CampaignState.Soaking)
        {
            ActionForm(html, action + "pause", request.Csrf, "Pause", "pause", $"Pause campaign {campaign.Id}? Boards mid-transfer finish; no new offers.");
        }

        if (campaign.State == CampaignState.Paused)
        {
            ActionForm(html, action + "resume", request.Csrf, "Resume", "resume", $"Resume campaign {campaign.Id}?");
        }

        if (campaign.State is not (CampaignState.Completed or CampaignState.Aborted))
        {
            ActionForm(html, action + "abort", request.Csrf, "Abort", "abort danger", $"Abort campaign {campaign.Id}? Boards not yet updated are never offered the release.");
        }

        html.Append("</div>");
    }

    private static void AppendWaves(StringBuilder html, CampaignStatus campaign)
    {
        html.Append("<div class=\"scroll\"><table class=\"waves\"><thead><tr><th>Wave</th><th>Boards</th>");
        foreach (var (name, _) in Steps)
        {
            html.Append("<th>").Append(E(name)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (IGrouping<int, DeviceStatus> wave in campaign.Devices.GroupBy(d => d.Wave).OrderBy(g => g.Key < 0 ? int.MaxValue : g.Key))
        {
            html.Append("<tr data-wave=\"").Append(wave.Key).Append("\"><td>").Append(wave.Key < 0 ? "waiting" : (wave.Key + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(wave.Count()).Append("</td>");
            foreach (var (name, states) in Steps)
            {
                int count = wave.Count(d => states.Contains(d.State));
                html.Append("<td data-step=\"").Append(E(name)).Append("\"").Append(count == 0 ? " class=\"zero\"" : "").Append('>').Append(count).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static void AppendDevices(StringBuilder html, CampaignStatus campaign)
    {
        html.Append("<details class=\"boards\"").Append(campaign.Devices.Count <= 12 ? " open" : "").Append("><summary>Boards</summary><div class=\"scroll\"><table class=\"campaign-devices\">")
            .Append("<thead><tr><th>Board</th><th>Wave</th><th>State</th><th>Progress</th><th class=\"wide\">Attempts</th><th>Reason</th></tr></thead><tbody>");
        foreach (DeviceStatus device in campaign.Devices.OrderBy(d => d.Wave < 0 ? int.MaxValue : d.Wave).ThenBy(d => d.Device, StringComparer.Ordinal))
        {
            html.Append("<tr data-board=\"").Append(E(device.Device)).Append("\" data-state=\"").Append(E(device.State.ToString())).Append("\"><td><a href=\"")
                .Append(ConsoleLayout.Base).Append("/devices/").Append(U(device.Device)).Append("\">").Append(E(device.Fleet)).Append('/').Append(E(device.Device)).Append("</a></td><td>")
                .Append(device.Wave < 0 ? "–" : (device.Wave + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(device.State.ToString()))
                .Append("</td><td><progress max=\"100\" value=\"").Append(Math.Clamp(device.Percent, 0, 100)).Append("\"></progress> ").Append(device.Percent).Append(" %</td><td class=\"wide\">")
                .Append(device.Attempts).Append("</td><td>").Append(E(device.Reason)).Append("</td></tr>");
        }

        html.Append("</tbody></table></div></details>");
    }

    private static string BadgeFor(CampaignState state) => state switch
    {
        CampaignState.Completed => "online",
        CampaignState.Aborted or CampaignState.RollingBack => "critical",
        CampaignState.Paused => "warning",
        _ => "info",
    };
}
