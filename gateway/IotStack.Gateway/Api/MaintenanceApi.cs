using IotStack.Gateway.Auth;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Logs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IotStack.Gateway.Api;

/// <summary>
/// Logs and host maintenance over the JSON API, for the CLI and scripts. Both services are optional (a bare core has
/// neither): without them the routes answer 503 rather than an empty list that would look like "nothing happened".
/// </summary>
internal static class MaintenanceApi
{
    public static RouteGroupBuilder MapMaintenanceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/logs", SearchLogsAsync);
        api.MapGet("/hosts", (HttpContext http) => http.RequestServices.GetService<HostCommandRunner>() is { } runner
            ? Results.Ok(new
            {
                Hosts = runner.Inventory.All.Select(h => h.Name).Order(StringComparer.Ordinal).ToList(),
                Templates = runner.Catalog.Templates.Select(t => new { t.Name, t.Usage }).OrderBy(t => t.Name, StringComparer.Ordinal).ToList(),
            })
            : NotAvailable("Host maintenance"));
        // Admin: a host command reaches a real machine over SSH, even when allowlisted.
        api.MapPost("/hosts/{host}/run", RunAsync).RequireAuthorization(ConsolePolicies.Admin);
        return api;
    }

    /// <summary>
    /// Newest first. With <paramref name="since"/>: lines at or after it, oldest first, so a follower polls with the
    /// time of the last line it printed (and skips the lines of that millisecond it already has).
    /// </summary>
    private static async Task<IResult> SearchLogsAsync(
        HttpContext http, string? source, string? level, string? q, DateTimeOffset? from, DateTimeOffset? since, int? limit, CancellationToken ct)
    {
        if (http.RequestServices.GetService<ILogStore>() is not { } logs)
        {
            return NotAvailable("Log collection");
        }

        LogSeverity? minimum = null;
        if (!string.IsNullOrEmpty(level))
        {
            if (!Enum.TryParse(level, ignoreCase: true, out LogSeverity parsed) || !Enum.IsDefined(parsed))
            {
                return Results.Problem("level must be trace, debug, info, warning, error or critical", statusCode: StatusCodes.Status400BadRequest);
            }

            minimum = parsed;
        }

        var query = new LogQuery(minimum, NullIfEmpty(source), Text: NullIfEmpty(q), From: since ?? from, Limit: Math.Clamp(limit ?? 200, 1, 5000));
        IReadOnlyList<LogRecord> records = await logs.SearchAsync(query, ct).ConfigureAwait(false);
        IEnumerable<LogRecord> ordered = since is null ? records : records.Reverse();
        return Results.Ok(ordered.Select(r => new LogLineDto(r.At, r.Level.ToString(), r.Source, r.Component, r.Message)).ToList());
    }

    private static async Task<IResult> RunAsync(string host, HostRunRequest request, HttpContext http)
    {
        if (http.RequestServices.GetService<HostCommandRunner>() is not { } runner)
        {
            return NotAvailable("Host maintenance");
        }

        if (runner.Inventory.Find(host) is null)
        {
            return Results.NotFound();
        }

        // Not the request's token: once sent, a command runs to its own timeout even if the caller goes away, so the audit row tells the truth.
        CommandOutcome outcome = await runner.RunAsync(host, request.Template ?? "", request.Arguments ?? new Dictionary<string, string>(), ApiAccess.Actor(http, request.By), CancellationToken.None)
            .ConfigureAwait(false);
        var body = new HostRunDto(outcome.Host, outcome.Template, outcome.Status.ToString(), outcome.ExitCode, outcome.Output, outcome.Error, outcome.Message, outcome.AuditId);
        return outcome.Status == CommandStatus.Refused ? Results.UnprocessableEntity(body) : Results.Ok(body);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static IResult NotAvailable(string what) =>
        Results.Problem($"{what} is not available on this gateway.", statusCode: StatusCodes.Status503ServiceUnavailable);
}
