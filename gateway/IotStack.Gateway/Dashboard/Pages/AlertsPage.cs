using System.Text;
using IotStack.Gateway.Alerts;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

/// <summary>Active alerts first, then the most recent resolved ones.</summary>
internal static class AlertsPage
{
    public static async Task<string> RenderAsync(ConsoleRequest request)
    {
        if (request.Backends.AlertStore is not { } store)
        {
            return "<h1>Alerts</h1>" + NotAvailable("The alert store");
        }

        IReadOnlyList<AlertRecord> recent = await store.ReadAlertsAsync(new AlertQuery(Limit: 300), request.Aborted).ConfigureAwait(false);
        var html = new StringBuilder();
        html.Append("<h1>Alerts</h1>");
        if (request.Backends.AlertEngine is null)
        {
            html.Append(NotAvailable("Acknowledging and resolving (no alert engine)"));
        }

        html.Append("<h2>Active</h2>");
        AlertTable.Append(html, request, recent.Where(a => a.IsActive).OrderByDescending(a => a.Severity).ThenByDescending(a => a.OpenedAt).ToList(), Rendering.ConsoleLayout.Base + "/alerts");
        html.Append("<h2>Recently resolved</h2>");
        AlertTable.Append(html, request, recent.Where(a => !a.IsActive).OrderByDescending(a => a.ResolvedAt).Take(50).ToList(), Rendering.ConsoleLayout.Base + "/alerts");
        return html.ToString();
    }
}
