using System.Text;
using IotStack.Gateway.Alerts;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

/// <summary>Active alerts first, then the most recent resolved ones; <c>?severity=warning</c> hides Info findings.</summary>
internal static class AlertsPage
{
    private static readonly AlertSeverity[] Levels = [AlertSeverity.Info, AlertSeverity.Warning, AlertSeverity.Critical];

    public static async Task<string> RenderAsync(ConsoleRequest request)
    {
        if (request.Backends.AlertStore is not { } store)
        {
            return "<h1>Alerts</h1>" + NotAvailable("The alert store");
        }

        // An unknown value shows everything rather than an error page: the links below only ever send known ones.
        AlertSeverity minimum = AlertSeverityText.TryParse(request.Query("severity"), out AlertSeverity parsed) ? parsed : AlertSeverity.Info;
        IReadOnlyList<AlertRecord> recent = await store.ReadAlertsAsync(new AlertQuery(Limit: 300, MinSeverity: minimum), request.Aborted).ConfigureAwait(false);
        var html = new StringBuilder();
        html.Append("<h1>Alerts</h1>");
        AppendSeverityFilter(html, minimum);
        if (request.Backends.AlertEngine is null)
        {
            html.Append(NotAvailable("Acknowledging and resolving (no alert engine)"));
        }

        // Acting on an alert comes back to the same filtered view.
        string self = Rendering.ConsoleLayout.Base + "/alerts" + (minimum > AlertSeverity.Info ? "?severity=" + AlertSeverityText.Of(minimum) : "");
        html.Append("<h2>Active</h2>");
        AlertTable.Append(html, request, recent.Where(a => a.IsActive).OrderByDescending(a => a.Severity).ThenByDescending(a => a.OpenedAt).ToList(), self);
        html.Append("<h2>Recently resolved</h2>");
        AlertTable.Append(html, request, recent.Where(a => !a.IsActive).OrderByDescending(a => a.ResolvedAt).Take(50).ToList(), self);
        return html.ToString();
    }

    private static void AppendSeverityFilter(StringBuilder html, AlertSeverity minimum)
    {
        html.Append("<nav class=\"filter\" data-min-severity=\"").Append(AlertSeverityText.Of(minimum)).Append("\">Show: ");
        foreach (AlertSeverity level in Levels)
        {
            string name = AlertSeverityText.Of(level);
            string label = level == AlertSeverity.Info ? "all" : name + " and above";
            if (level == minimum)
            {
                html.Append("<strong>").Append(label).Append("</strong> ");
            }
            else
            {
                html.Append("<a href=\"").Append(Rendering.ConsoleLayout.Base).Append("/alerts?severity=").Append(name).Append("\">").Append(label).Append("</a> ");
            }
        }

        html.Append("</nav>");
    }
}
