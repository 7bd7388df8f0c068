using System.Text;
using IotStack.Gateway.Dashboard.Rendering;
using IotStack.Maintenance.Logs;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

/// <summary>Log search (text, source, minimum level) with a live tail of new matching lines over server-sent events.</summary>
internal static class LogsPage
{
    public static LogQuery QueryFrom(ConsoleRequest request, DateTimeOffset? from = null, int limit = 200) => new(
        MinLevel: Enum.TryParse(request.Query("level"), true, out LogSeverity level) ? level : null,
        Source: request.Query("source") is { Length: > 0 } source ? source : null,
        Text: request.Query("q") is { Length: > 0 } text ? text : null,
        From: from,
        Limit: limit);

    public static async Task<string> RenderAsync(ConsoleRequest request)
    {
        if (request.Backends.Logs is not { } logs)
        {
            return "<h1>Logs</h1>" + NotAvailable("Log collection");
        }

        LogQuery query = QueryFrom(request);
        IReadOnlyList<LogRecord> records = await logs.SearchAsync(query, request.Aborted).ConfigureAwait(false);
        string filter = $"q={U(request.Query("q"))}&source={U(request.Query("source"))}&level={U(request.Query("level"))}";
        var html = new StringBuilder();
        html.Append("<h1>Logs</h1><form method=\"get\" class=\"search\" action=\"").Append(ConsoleLayout.Base).Append("/logs\">")
            .Append("<input name=\"q\" placeholder=\"text\" value=\"").Append(E(request.Query("q"))).Append("\">")
            .Append("<input name=\"source\" placeholder=\"device or host\" value=\"").Append(E(request.Query("source"))).Append("\">")
            .Append("<select name=\"level\"><option value=\"\">any level</option>");
        foreach (LogSeverity level in Enum.GetValues<LogSeverity>())
        {
            html.Append("<option").Append(query.MinLevel == level ? " selected" : "").Append('>').Append(level).Append("</option>");
        }

        html.Append("</select><button type=\"submit\">Search</button></form>")
            .Append("<p class=\"tail\">Live tail: <span id=\"tail-state\">connecting…</span></p>")
            .Append("<div class=\"scroll\"><table class=\"logs\"><thead><tr><th>Time</th><th>Level</th><th>Source</th><th class=\"wide\">Component</th><th>Message</th></tr></thead>")
            .Append("<tbody id=\"log-rows\" data-tail=\"").Append(ConsoleLayout.Base).Append("/logs/stream?").Append(E(filter)).Append("\">");
        foreach (LogRecord record in records)
        {
            html.Append("<tr class=\"").Append(record.Level.ToString().ToLowerInvariant()).Append("\"><td>").Append(Time(record.At)).Append("</td><td>").Append(record.Level)
                .Append("</td><td>").Append(E(record.Source)).Append("</td><td class=\"wide\">").Append(E(record.Component)).Append("</td><td>").Append(E(record.Message)).Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
        if (records.Count == 0)
        {
            html.Append("<p class=\"empty\">No matching log lines.</p>");
        }

        return html.ToString();
    }
}
