using IotStack.Gateway.Alerts;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Cluster;
using IotStack.Gateway.Commands;
using IotStack.Gateway.Devices;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Resilience;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Timeline;
using IotStack.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace IotStack.Gateway.Api;

/// <summary>
/// The HTTP API (minimal APIs; OpenAPI document at /openapi/v1.json). Other capabilities map their own
/// groups next to this one in the host composition (e.g. /api/ota, /api/maintenance).
/// </summary>
internal static class GatewayApi
{
    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api").RequireApiAccess();
        api.MapGet("/devices", ListDevicesAsync);
        api.MapGet("/devices/{id}", GetDeviceAsync);
        api.MapGet("/devices/{id}/series", GetSeriesAsync);
        api.MapGet("/devices/{id}/timeline", GetTimelineAsync);
        api.MapPost("/devices/{id}/commands", SendCommandAsync).RequireAuthorization(ConsolePolicies.Operator);
        api.MapGet("/alerts", ListAlertsAsync);
        api.MapPost("/alerts/{id:long}/ack", AcknowledgeAsync).RequireAuthorization(ConsolePolicies.Operator);
        api.MapPost("/alerts/{id:long}/resolve", ResolveAsync).RequireAuthorization(ConsolePolicies.Operator);
        api.MapGet("/quarantine", ListQuarantineAsync);
        api.MapMaintenanceApi();
        api.MapDeviceCredentialApi();
        api.MapClaimTokenApi();
        // Liveness probes carry no credentials.
        app.MapGet("/health", Health).AllowAnonymous();
        app.MapGatewayMetrics();
        return app;
    }

    private static async Task<Ok<List<DeviceDto>>> ListDevicesAsync(IDeviceStore store, DeviceMonitor monitor, CancellationToken ct)
    {
        IReadOnlyList<DeviceRecord> devices = await store.ReadDevicesAsync(ct).ConfigureAwait(false);
        var live = monitor.Snapshot();
        return TypedResults.Ok(devices.Select(d => DeviceDto.From(d, IsOnline(d, live))).ToList());
    }

    private static async Task<Results<Ok<DeviceDto>, NotFound>> GetDeviceAsync(string id, IDeviceStore store, DeviceMonitor monitor, CancellationToken ct)
    {
        DeviceRecord? device = await store.ReadDeviceAsync(id, ct).ConfigureAwait(false);
        return device is null ? TypedResults.NotFound() : TypedResults.Ok(DeviceDto.From(device, IsOnline(device, monitor.Snapshot())));
    }

    private static bool IsOnline(DeviceRecord device, IReadOnlyDictionary<string, (bool Online, DateTimeOffset LastHeard)> live) =>
        live.TryGetValue(device.DeviceId, out var state) ? state.Online : device.State != DeviceState.Offline;

    private static async Task<Results<Ok<SeriesDto>, BadRequest<string>>> GetSeriesAsync(
        string id, int channel, DateTimeOffset? from, DateTimeOffset? to, string? resolution, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        DateTimeOffset end = to ?? time.GetUtcNow();
        DateTimeOffset start = from ?? end.AddHours(-1);
        if (channel is < 1 or > 255 || start >= end)
        {
            return TypedResults.BadRequest("channel must be 1-255 and from before to");
        }

        if (SeriesResolutionPolicy.Choose(resolution, end - start) is not { } chosen)
        {
            return TypedResults.BadRequest("resolution must be auto, raw, 1m or 1h");
        }

        IReadOnlyList<SeriesPoint> points = await store.ReadSeriesAsync(id, (byte)channel, start, end, chosen, 10_000, ct).ConfigureAwait(false);
        return TypedResults.Ok(new SeriesDto(id, channel, Channel.NameOf((byte)channel), SeriesResolutionPolicy.Name(chosen), start, end, points));
    }

    private static async Task<Ok<IReadOnlyList<TimelineEvent>>> GetTimelineAsync(string id, DateTimeOffset? before, int? limit, ITimeline timeline, CancellationToken ct) =>
        TypedResults.Ok(await timeline.ReadAsync(id, before, Math.Clamp(limit ?? 200, 1, 5000), ct).ConfigureAwait(false));

    /// <param name="severity">Lowest severity listed: info (all, the default), warning or critical.</param>
    private static async Task<Results<Ok<List<AlertDto>>, ValidationProblem>> ListAlertsAsync(string? device, bool? active, int? limit, string? severity, IAlertStore store, CancellationToken ct)
    {
        AlertSeverity minimum = AlertSeverity.Info;
        if (severity is not null && !AlertSeverityText.TryParse(severity, out minimum))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["severity"] = [$"'{severity}' is not a severity: use info, warning or critical."],
            });
        }

        IReadOnlyList<AlertRecord> alerts = await store.ReadAlertsAsync(new AlertQuery(device, active ?? false, Math.Clamp(limit ?? 200, 1, 5000), minimum), ct).ConfigureAwait(false);
        return TypedResults.Ok(alerts.Select(AlertDto.From).ToList());
    }

    private static async Task<Results<Ok<AlertDto>, NotFound>> AcknowledgeAsync(long id, OperatorRequest? request, AlertEngine engine, HttpContext http, CancellationToken ct) =>
        await engine.AcknowledgeAsync(id, ApiAccess.Actor(http, request?.By), ct).ConfigureAwait(false) is { } alert ? TypedResults.Ok(AlertDto.From(alert)) : TypedResults.NotFound();

    private static async Task<Results<Ok<AlertDto>, NotFound>> ResolveAsync(long id, OperatorRequest? request, AlertEngine engine, HttpContext http, CancellationToken ct) =>
        await engine.ResolveAsync(id, ApiAccess.Actor(http, request?.By), ct).ConfigureAwait(false) is { } alert ? TypedResults.Ok(AlertDto.From(alert)) : TypedResults.NotFound();

    private static async Task<Ok<List<QuarantineDto>>> ListQuarantineAsync(int? limit, ITelemetryStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ReadQuarantineAsync(Math.Clamp(limit ?? 100, 1, 5000), ct).ConfigureAwait(false)).Select(QuarantineDto.From).ToList());

    private static async Task<Results<Accepted<CommandOutcome>, NotFound, BadRequest<string>, ProblemHttpResult>> SendCommandAsync(
        string id, CommandRequest request, IDeviceStore store, CommandSender sender, HttpContext http, CancellationToken ct)
    {
        if (CommandParser.Parse(request) is not { } command)
        {
            return TypedResults.BadRequest("kind must be ping, reboot, set-sample-period, set-thresholds, read-config or dump-logs; channel 0-255");
        }

        DeviceRecord? device = await store.ReadDeviceAsync(id, ct).ConfigureAwait(false);
        if (device is null)
        {
            return TypedResults.NotFound();
        }

        CommandOutcome outcome = await sender.SendAsync(device.Fleet, id, command, ApiAccess.Actor(http, request.By), ct).ConfigureAwait(false);
        return outcome.Published
            ? TypedResults.Accepted($"/api/devices/{id}/timeline", outcome)
            : TypedResults.Problem("The broker connection is down; the command was not sent.", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// Ok, or Degraded (503) naming each failing dependency (store, broker), since when and its last error. Degraded
    /// clears by itself on the dependency's next success: the gateway keeps retrying, nothing needs a restart.
    /// </summary>
    private static IResult Health(GatewayMqttClient mqtt, IngestQueue queue, GatewayMetrics metrics, DependencyHealth dependencies, ILeadership leadership)
    {
        IReadOnlyList<DependencyStatus> all = dependencies.Snapshot();
        var failing = all.Where(d => d.Degraded).Select(d => d.Name).ToList();
        if (!mqtt.IsConnected && !failing.Contains(DependencyHealth.Broker))
        {
            failing.Add(DependencyHealth.Broker);   // not connected yet: no attempt has failed, but nothing flows either
        }

        var body = new
        {
            status = failing.Count == 0 ? "ok" : "degraded",
            failing,
            dependencies = all.Select(d => new { name = d.Name, degraded = d.Degraded, since = d.Since, lastError = d.LastError, retries = d.Retries, degradedSeconds = Math.Round(d.DegradedFor.TotalSeconds, 1) }),
            mqttConnected = mqtt.IsConnected,
            queueDepth = queue.Count,
            lagMs = metrics.LagMs,
            // Followers are healthy: they ingest like the leader; only the singletons wait for a takeover.
            cluster = new { role = leadership.IsLeader ? "leader" : "follower", name = leadership.Name, leader = leadership.Leader, partitions = metrics.OwnedPartitions?.Invoke() },
        };
        return failing.Count == 0 ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
