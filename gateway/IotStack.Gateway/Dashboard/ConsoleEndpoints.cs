using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard.Assets;
using IotStack.Gateway.Dashboard.Charts;
using IotStack.Gateway.Dashboard.Live;
using IotStack.Gateway.Dashboard.Pages;
using IotStack.Gateway.Dashboard.Rendering;
using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Dashboard;

/// <summary>
/// The console's routes under <see cref="ConsoleLayout.Base"/>: pages for viewers, actions for operators and admins
/// (<see cref="ConsoleActions"/>), event streams, and a small JSON API that the same bearer tokens can call.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>Security headers for every console response: no framing, scripts and styles only from the console itself.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static RouteGroupBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder console = endpoints.MapGroup(ConsoleLayout.Base);
        // Forms are checked explicitly in ConsoleActions (cookie callers only): bearer callers carry no ambient credentials to forge.
        console.DisableAntiforgery();
        console.AddEndpointFilter(async (context, next) =>
        {
            IHeaderDictionary headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return await next(context).ConfigureAwait(false);
        });

        console.MapGet("/assets/console.css", () => Results.Text(ConsoleStyles.Css, "text/css; charset=utf-8")).AllowAnonymous();
        console.MapGet("/assets/console.js", () => Results.Text(ConsoleScript.Js, "text/javascript; charset=utf-8")).AllowAnonymous();
        console.MapGet("/login", (HttpContext http) =>
        {
            var request = ConsoleRequest.From(http);
            return request.Page("Sign in", "login", LoginPage.Render(request.Csrf, ConsoleActions.LocalOr(request.Query("return")), null));
        }).AllowAnonymous();
        console.MapPost("/login", ConsoleActions.LoginAsync).AllowAnonymous();
        console.MapPost("/logout", ConsoleActions.LogoutAsync).RequireAuthorization(ConsolePolicies.Viewer);

        RouteGroupBuilder viewer = console.MapGroup("").RequireAuthorization(ConsolePolicies.Viewer);
        viewer.MapGet("", Page("Fleet", "fleet", FleetPage.RenderAsync, live: true));
        viewer.MapGet("/alerts", Page("Alerts", "alerts", AlertsPage.RenderAsync, live: true));
        viewer.MapGet("/hosts", Page("Hosts", "hosts", HostsPage.RenderAsync, live: true));
        viewer.MapGet("/logs", Page("Logs", "logs", LogsPage.RenderAsync));
        viewer.MapGet("/ota", Page("OTA", "ota", OtaPage.RenderAsync, live: true));
        viewer.MapGet("/devices/{deviceId}", async (HttpContext http, string deviceId) =>
        {
            var request = ConsoleRequest.From(http);
            string? body = await DevicePage.RenderAsync(request, deviceId).ConfigureAwait(false);
            return body is null
                ? request.Page("Not found", "fleet", $"<h1>Not found</h1><p>No device '{Html.E(deviceId)}'.</p>", status: StatusCodes.Status404NotFound)
                : request.Page(deviceId, "fleet", body, live: true);
        });

        viewer.MapGet("/events", (HttpContext http, ConsoleBackends backends, ConsoleOptions options) =>
            TypedResults.ServerSentEvents(ConsoleEvents.FingerprintsAsync(backends, options, http.RequestAborted)));
        viewer.MapGet("/logs/stream", (HttpContext http, ConsoleBackends backends, ConsoleOptions options) =>
            backends.Logs is { } logs
                ? Results.ServerSentEvents(ConsoleEvents.TailAsync(logs, LogsPage.QueryFrom(ConsoleRequest.From(http)), backends, options, http.RequestAborted))
                : Results.NotFound());

        viewer.MapGet("/api/devices", async (ConsoleBackends backends, CancellationToken cancellationToken) =>
            backends.Devices is { } devices ? Results.Ok(await devices.ReadDevicesAsync(cancellationToken).ConfigureAwait(false)) : Results.NotFound());
        viewer.MapGet("/api/series/{deviceId}/{channel:int}", SeriesAsync);

        RouteGroupBuilder operatorOnly = console.MapGroup("").RequireAuthorization(ConsolePolicies.Operator);
        operatorOnly.MapPost("/alerts/{id:long}/acknowledge", (HttpContext http, long id) => ConsoleActions.AlertAsync(http, id, resolve: false));
        operatorOnly.MapPost("/alerts/{id:long}/resolve", (HttpContext http, long id) => ConsoleActions.AlertAsync(http, id, resolve: true));

        RouteGroupBuilder adminOnly = console.MapGroup("").RequireAuthorization(ConsolePolicies.Admin);
        adminOnly.MapPost("/hosts/{host}/run", ConsoleActions.RunHostCommandAsync);
        adminOnly.MapPost("/ota/campaigns", OtaActions.StartAsync);
        adminOnly.MapPost("/ota/campaigns/{id}/{command:regex(^(pause|resume|abort)$)}", OtaActions.CommandAsync);
        return console;
    }

    /// <summary>A page handler (typed as Delegate so minimal APIs write the returned IResult).</summary>
    private static Delegate Page(string title, string key, Func<ConsoleRequest, Task<string>> render, bool live = false) =>
        async (HttpContext http, CancellationToken _) =>
        {
            var request = ConsoleRequest.From(http);
            return request.Page(title, key, await render(request).ConfigureAwait(false), live);
        };

    /// <summary>A channel over a range as rollup points (never raw rows), with the window used: what the chart draws.</summary>
    private static async Task<IResult> SeriesAsync(string deviceId, int channel, string? range, ConsoleBackends backends, CancellationToken cancellationToken)
    {
        if (backends.Telemetry is not { } telemetry || channel is < 1 or > 255)
        {
            return Results.NotFound();
        }

        SeriesWindow window = SeriesWindow.For(range, backends.Time.GetUtcNow());
        IReadOnlyList<SeriesPoint> points = await window.ReadAsync(telemetry, deviceId, (byte)channel, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new SeriesAnswer(deviceId, channel, window.Range, window.From, window.To, window.Resolution.ToString().ToLowerInvariant(), window.BucketCount, points));
    }
}
