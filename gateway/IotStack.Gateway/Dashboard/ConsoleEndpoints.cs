using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard.Charts;
using IotStack.Gateway.Dashboard.Live;
using IotStack.Gateway.Dashboard.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Dashboard;

/// <summary>
/// The console's routes under <see cref="ConsolePaths.Base"/>: pages for viewers (Razor components rendered on the
/// server, <see cref="Page{TPage}"/>), actions for operators and admins (<see cref="ConsoleActions"/>), event streams,
/// static files, and a small JSON API that the same bearer tokens can call.
/// </summary>
internal static class ConsoleEndpoints
{
    public static RouteGroupBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder console = endpoints.MapGroup(ConsolePaths.Base);
        // Forms are checked explicitly in ConsoleActions (cookie callers only): bearer callers carry no ambient credentials to forge.
        console.DisableAntiforgery();
        console.AddEndpointFilter(async (context, next) =>
        {
            ConsoleSecurity.Apply(context.HttpContext);
            return await next(context).ConfigureAwait(false);
        });

        console.MapGet("/assets/{name}", (HttpContext http, string name) => ConsoleAssets.Instance.Serve(http, name)).AllowAnonymous();
        console.MapGet("/login", (HttpContext http) =>
            Page<LoginPage>(http, new Dictionary<string, object?> { [nameof(LoginPage.Return)] = ConsoleActions.LocalOr(http.Request.Query["return"].ToString()) }))
            .AllowAnonymous();
        console.MapPost("/login", ConsoleActions.LoginAsync).AllowAnonymous();
        console.MapPost("/logout", ConsoleActions.LogoutAsync).RequireAuthorization(ConsolePolicies.Viewer);

        RouteGroupBuilder viewer = console.MapGroup("").RequireAuthorization(ConsolePolicies.Viewer);
        viewer.MapGet("", (HttpContext http) => Page<FleetPage>(http));
        viewer.MapGet("/alerts", (HttpContext http) => Page<AlertsPage>(http));
        viewer.MapGet("/hosts", (HttpContext http) => Page<HostsPage>(http));
        viewer.MapGet("/logs", (HttpContext http) => Page<LogsPage>(http));
        viewer.MapGet("/ota", (HttpContext http) => Page<OtaPage>(http));
        // 404 for an unknown device is set by the page, which reads the device anyway.
        viewer.MapGet("/devices/{deviceId}", (HttpContext http, string deviceId) =>
            Page<DevicePage>(http, new Dictionary<string, object?> { [nameof(DevicePage.DeviceId)] = deviceId }));

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

    /// <summary>
    /// A page: the component rendered on the server (static SSR, no circuit, no WebAssembly). Never cached: pages show
    /// live state and carry a fresh antiforgery token.
    /// </summary>
    public static RazorComponentResult<TPage> Page<TPage>(HttpContext http, IReadOnlyDictionary<string, object?>? parameters = null, int status = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        // The antiforgery token first: issuing it sets its own no-cache headers, and warns when it finds others already set.
        _ = ConsoleRequest.From(http);
        http.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<TPage>(parameters ?? new Dictionary<string, object?>()) { StatusCode = status };
    }

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
