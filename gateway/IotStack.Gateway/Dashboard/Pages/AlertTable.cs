using System.Text;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard.Rendering;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

/// <summary>Alert rows with acknowledge/resolve buttons; the buttons are only rendered for operators (the POST checks again).</summary>
internal static class AlertTable
{
    public static void Append(StringBuilder html, ConsoleRequest request, IReadOnlyList<AlertRecord> alerts, string returnTo, bool showDevice = true)
    {
        if (alerts.Count == 0)
        {
            html.Append("<p class=\"empty\">No alerts.</p>");
            return;
        }

        bool canAct = request.Can(ConsoleRole.Operator) && request.Backends.AlertEngine is not null;
        html.Append("<div class=\"scroll\"><table class=\"alerts\"><thead><tr><th>#</th>").Append(showDevice ? "<th>Device</th>" : "")
            .Append("<th>Rule</th><th>Severity</th><th>Status</th><th class=\"wide\">Message</th><th>Opened</th><th></th></tr></thead><tbody>");
        foreach (AlertRecord alert in alerts)
        {
            string status = alert.Status.ToString().ToLowerInvariant();
            html.Append("<tr data-alert=\"").Append(alert.Id).Append("\" data-status=\"").Append(status).Append("\"><td>").Append(alert.Id).Append("</td>");
            if (showDevice)
            {
                html.Append("<td><a href=\"").Append(ConsoleLayout.Base).Append("/devices/").Append(U(alert.DeviceId)).Append("?channel=")
                    .Append(alert.Channel == 0 ? 1 : alert.Channel).Append("\">").Append(E(alert.DeviceId)).Append("</a></td>");
            }

            html.Append("<td>").Append(E(alert.Rule)).Append(alert.Channel == 0 ? "" : " <small>" + E(Protocol.Channel.NameOf((byte)alert.Channel)) + "</small>")
                .Append("</td><td><span class=\"badge ").Append(alert.Severity.ToString().ToLowerInvariant()).Append("\">").Append(alert.Severity.ToString().ToLowerInvariant())
                .Append("</span></td><td class=\"status\">").Append(status).Append(alert.Flapping ? " <small>flapping</small>" : "")
                .Append("</td><td class=\"wide\">").Append(E(alert.Message)).Append("</td><td title=\"").Append(Time(alert.OpenedAt)).Append("\">")
                .Append(Ago(alert.OpenedAt, request.Now)).Append("</td><td class=\"actions\">");
            if (canAct && alert.IsActive)
            {
                string back = $"<input type=\"hidden\" name=\"return\" value=\"{E(returnTo)}\">";
                if (alert.Status == AlertStatus.Open)
                {
                    ActionForm(html, $"{ConsoleLayout.Base}/alerts/{alert.Id}/acknowledge", request.Csrf, "Acknowledge", "ack", fields: back);
                }

                ActionForm(html, $"{ConsoleLayout.Base}/alerts/{alert.Id}/resolve", request.Csrf, "Resolve", "resolve", $"Resolve alert #{alert.Id} on {alert.DeviceId}?", back);
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
    }
}
