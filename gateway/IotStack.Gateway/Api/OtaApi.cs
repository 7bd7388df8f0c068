using IotStack.Gateway.Auth;
using IotStack.Gateway.Ota;
using IotStack.Ota.Rollouts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Api;

/// <summary>OTA over HTTP: releases in the catalog, campaigns (create, status, pause, resume, abort).</summary>
internal static partial class OtaApi
{
    public static IEndpointRouteBuilder MapOtaApi(this IEndpointRouteBuilder app)
    {
        // Viewers read releases and campaigns; every campaign change is an admin's (it reflashes boards in the field).
        RouteGroupBuilder ota = app.MapGroup("/api/ota").WithTags("OTA").RequireApiAccess();
        ota.MapGet("/releases", async (OtaHost host, string? board, CancellationToken ct) =>
        {
            string target = string.IsNullOrEmpty(board) ? "esp32" : board;
            IReadOnlyList<string> versions = await host.Catalog.ListVersionsAsync(target, ct).ConfigureAwait(false);
            return Results.Ok(new { board = target, versions });
        });
        ota.MapGet("/campaigns", (OtaHost host) => host.Engine is { } engine
            ? Results.Ok(engine.CampaignIds().Select(engine.Status).Where(s => s is not null).Select(s => Summary(s!)))
            : NotReady(host));
        ota.MapPost("/campaigns", async (OtaHost host, CampaignRequest request, HttpContext http, ILogger<OtaHost> logger, CancellationToken ct) =>
        {
            var (id, problem) = await CreateCampaignAsync(host, request, ct).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            LogCampaignCommand(logger, ApiAccess.Actor(http, null), "started", id!);
            return Results.Created($"/api/ota/campaigns/{id}", host.Engine!.Status(id!));
        }).RequireAuthorization(ConsolePolicies.Admin);
        ota.MapGet("/campaigns/{id}", (OtaHost host, string id) => host.Engine is not { } engine ? NotReady(host)
            : engine.Status(id) is { } status ? Results.Ok(status) : Results.NotFound());
        ota.MapPost("/campaigns/{id}/{command:regex(^(pause|resume|abort)$)}", (OtaHost host, string id, string command, HttpContext http, ILogger<OtaHost> logger) =>
        {
            IResult result = Command(host, id, command);
            if (result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK })
            {
                LogCampaignCommand(logger, ApiAccess.Actor(http, null), command, id);
            }

            return result;
        }).RequireAuthorization(ConsolePolicies.Admin);
        return app;
    }

    /// <summary>Creates and schedules a campaign (shared by the API and the console form); a problem result when it cannot.</summary>
    public static async Task<(string? Id, IResult? Problem)> CreateCampaignAsync(OtaHost host, CampaignRequest request, CancellationToken ct)
    {
        if (host.Engine is not { } engine)
        {
            return (null, NotReady(host));
        }

        if (string.IsNullOrEmpty(request.Group) && (request.Devices is null || request.Devices.Count == 0))
        {
            return (null, Results.Problem("A campaign needs a group or a device list.", statusCode: StatusCodes.Status400BadRequest));
        }

        string id = string.IsNullOrEmpty(request.Id) ? $"{request.Board}-{request.Version}-{host.Time.GetUtcNow():yyyyMMddHHmmss}" : request.Id;
        if (engine.Status(id) is not null)
        {
            return (null, Results.Problem($"Campaign {id} exists.", statusCode: StatusCodes.Status409Conflict));
        }

        var campaign = new Campaign
        {
            Id = id, Board = request.Board, Version = request.Version, RollbackVersion = request.RollbackVersion, Group = request.Group,
            Devices = (request.Devices ?? []).Select(DeviceRefOf).ToList(),
            StartAt = host.Time.GetUtcNow(),
            Policy = new RolloutPolicy
            {
                CanaryCount = request.CanaryCount, BatchSize = request.BatchSize,
                SoakPeriod = TimeSpan.FromSeconds(request.SoakSeconds),
                AttemptTimeout = TimeSpan.FromSeconds(request.AttemptTimeoutSeconds),
                RetryDelay = TimeSpan.FromSeconds(request.RetryDelaySeconds),
            },
        };
        try
        {
            await engine.CreateAsync(campaign, ct).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            return (null, Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest));
        }

        return (id, null);
    }

    /// <summary>Pause, resume or abort; 409 when the campaign's state does not accept the command.</summary>
    public static IResult Command(OtaHost host, string id, string command)
    {
        if (host.Engine is not { } engine)
        {
            return NotReady(host);
        }

        if (engine.Status(id) is null)
        {
            return Results.NotFound();
        }

        bool accepted = command switch
        {
            "pause" => engine.Pause(id),
            "resume" => engine.Resume(id),
            "abort" => engine.Abort(id),
            _ => false,
        };
        // False: the campaign's state does not accept this command (e.g. resume while running); the table in docs/ota.md says which do.
        return accepted ? Results.Ok(engine.Status(id)) : Results.Problem($"Campaign {id} is {engine.Status(id)!.State}; {command} does not apply.", statusCode: StatusCodes.Status409Conflict);
    }

    private static object Summary(CampaignStatus s) => new
    {
        s.Id, State = s.State.ToString(), s.Wave, s.WaveName, s.Reason, Devices = s.Devices.Count,
        Confirmed = s.Count(DeviceRolloutState.Confirmed), Failed = s.Count(DeviceRolloutState.Failed),
    };

    private static DeviceRef DeviceRefOf(string text)
    {
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new DeviceRef("+", text) : new DeviceRef(text[..slash], text[(slash + 1)..]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OTA: {User} {Command} campaign {Id}")]
    private static partial void LogCampaignCommand(ILogger logger, string user, string command, string id);

    private static IResult NotReady(OtaHost host) => host.Leadership.IsLeader
        ? Results.Problem("OTA is starting or not configured (Ota:PublicKeyFile).", statusCode: StatusCodes.Status503ServiceUnavailable)
        : Results.Problem($"Rollouts run on the cluster's leader ({host.Leadership.Leader ?? "none yet"}); this gateway ({host.Leadership.Name}) follows. Ask the leader.", statusCode: StatusCodes.Status503ServiceUnavailable);
}
