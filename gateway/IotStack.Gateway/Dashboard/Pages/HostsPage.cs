using System.Text;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard.Rendering;
using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Commands;
using HostOptions = IotStack.Maintenance.Hosts.HostOptions;
using static IotStack.Gateway.Dashboard.Rendering.Html;

namespace IotStack.Gateway.Dashboard.Pages;

/// <summary>
/// Maintained Linux hosts with their last command results (from the audit log) and, for operators, a form that runs
/// one allowlisted template after a confirmation. Viewers get no form at all; the POST refuses them as well.
/// </summary>
internal static class HostsPage
{
    public static async Task<string> RenderAsync(ConsoleRequest request)
    {
        if (request.Backends.Commands is not { } runner)
        {
            return "<h1>Hosts</h1>" + NotAvailable("Host maintenance");
        }

        var html = new StringBuilder();
        html.Append("<h1>Hosts</h1>");
        if (runner.Inventory.All.Count == 0)
        {
            html.Append("<p class=\"empty\">No host is configured (Maintenance:Hosts).</p>");
            return html.ToString();
        }

        // Admin: a command reaches a real machine over SSH, even when allowlisted (same rule as POST /api/hosts/{host}/run).
        bool canRun = request.Can(ConsoleRole.Admin);
        foreach (HostOptions host in runner.Inventory.All.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            html.Append("<section class=\"host\" id=\"host-").Append(E(host.Name)).Append("\" data-host=\"").Append(E(host.Name)).Append("\"><h2>").Append(E(host.Name))
                .Append(" <small>").Append(E($"{host.User}@{host.Address}:{host.Port}")).Append("</small></h2>");
            if (host.Groups.Count > 0)
            {
                html.Append("<p class=\"groups\">").Append(E(string.Join(", ", host.Groups))).Append("</p>");
            }

            if (canRun)
            {
                AppendRunForm(html, request, host, runner.Catalog);
            }

            if (request.Backends.Audit is { } audit)
            {
                IReadOnlyList<AuditEntry> last = await audit.QueryAsync(new AuditQuery(Host: host.Name, Limit: 5), request.Aborted).ConfigureAwait(false);
                AppendResults(html, last);
            }
            else
            {
                html.Append(NotAvailable("The command audit log"));
            }

            html.Append("</section>");
        }

        return html.ToString();
    }

    private static void AppendRunForm(StringBuilder html, ConsoleRequest request, HostOptions host, CommandCatalog catalog)
    {
        html.Append("<form method=\"post\" class=\"run\" action=\"").Append(ConsoleLayout.Base).Append("/hosts/").Append(U(host.Name))
            .Append("/run\" data-confirm=\"").Append(E($"Run this command on {host.Name}?")).Append("\">").Append(CsrfField(request.Csrf))
            .Append("<label>Command <select name=\"template\">");
        foreach (CommandTemplate template in catalog.Templates.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            html.Append("<option value=\"").Append(E(template.Name)).Append("\" title=\"").Append(E(template.Description)).Append("\">").Append(E(template.Usage)).Append("</option>");
        }

        html.Append("</select></label><label>Arguments <input name=\"args\" placeholder=\"iot-service --lines 50\" autocomplete=\"off\"></label>")
            .Append("<button type=\"submit\" class=\"run-command\">Run</button></form>");
    }

    private static void AppendResults(StringBuilder html, IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0)
        {
            html.Append("<p class=\"empty\">No command has run here yet.</p>");
            return;
        }

        html.Append("<ol class=\"results\">");
        foreach (AuditEntry entry in entries)
        {
            string status = entry.Status.ToString();
            html.Append("<li data-audit=\"").Append(entry.Id).Append("\" data-status=\"").Append(E(status)).Append("\"><time>").Append(Time(entry.At)).Append("</time> <code>")
                .Append(E(entry.Template)).Append(' ').Append(E(entry.Arguments)).Append("</code> <span class=\"badge ").Append(entry.Status == CommandStatus.Succeeded ? "online" : "warning")
                .Append("\">").Append(E(status)).Append(entry.ExitCode is { } code ? $" {code}" : "").Append("</span> <small>by ").Append(E(entry.RequestedBy)).Append("</small>");
            string output = entry.Output.Length > 0 ? entry.Output : entry.Error;
            if (output.Length > 0)
            {
                html.Append("<details><summary>output</summary><pre>").Append(E(output.Length > 4000 ? output[..4000] + "\n…" : output)).Append("</pre></details>");
            }

            html.Append("</li>");
        }

        html.Append("</ol>");
    }
}
