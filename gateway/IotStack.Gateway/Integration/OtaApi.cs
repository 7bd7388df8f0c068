using IotStack.Gateway.Api;
using IotStack.Gateway.Auth;
using IotStack.Ota.Rollouts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Integration;

/// <summary>OTA over HTTP: releases in the catalog, campaigns (create, status, pause, resume, abort).</summary>
internal static class OtaApi
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
            : NotReady());
        ota.MapPost("/campaigns", async (OtaHost host, CampaignRequest request, CancellationToken ct) =>
        {
            if (host.Engine is not { } engine)
            {
                return NotReady();
            }

            if (string.IsNullOrEmpty(request.Group) && (request.Devices is null || request.Devices.Count == 0))
            {
                return Results.Problem("A campaign needs a group or a device list.", statusCode: StatusCodes.Status400BadRequest);
            }

            string id = string.IsNullOrEmpty(request.Id) ? $"{request.Board}-{request.Version}-{host.Time.GetUtcNow():yyyyMMddHHmmss}" : request.Id;
            if (engine.Status(id) is not null)
            {
                return Results.Problem($"Campaign {id} exists.", statusCode: StatusCodes.Status409Conflict);
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
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Created($"/api/ota/campaigns/{id}", engine.Status(id));
        }).RequireAuthorization(ConsolePolicies.Admin);
        ota.MapGet("/campaigns/{id}", (OtaHost host, string id) => host.Engine is not { } engine ? NotReady()
            : engine.Status(id) is { } status ? Results.Ok(status) : Results.NotFound());
        ota.MapPost("/campaigns/{id}/pause", (OtaHost host, string id) => Command(host, id, e => e.Pause(id))).RequireAuthorization(ConsolePolicies.Admin);
        ota.MapPost("/campaigns/{id}/resume", (OtaHost host, string id) => Command(host, id, e => e.Resume(id))).RequireAuthorization(ConsolePolicies.Admin);
        ota.MapPost("/campaigns/{id}/abort", (OtaHost host, string id) => Command(host, id, e => e.Abort(id))).RequireAuthorization(ConsolePolicies.Admin);
        return app;
    }

    private static IResult Command(OtaHost host, string id, Func<RolloutEngine, bool> action)
    {
        if (host.Engine is not { } engine)
        {
            return NotReady();
        }

        if (engine.Status(id) is null)
        {
            return Results.NotFound();
        }

        // False: the campaign's state does not accept this command (e.g. resume while running); the table in docs/ota.md says which do.
        return action(engine) ? Results.Ok(engine.Status(id)) : Results.Problem($"Campaign {id} is {engine.Status(id)!.State}; the command does not apply.", statusCode: StatusCodes.Status409Conflict);
    }

    private static object Summary(CampaignStatus s) => new
    {
        s.Id, State = s.State.ToString(), s.Wave, s.Reason, Devices = s.Devices.Count,
        Confirmed = s.Count(DeviceRolloutState.Confirmed), Failed = s.Count(DeviceRolloutState.Failed),
    };

    private static DeviceRef DeviceRefOf(string text)
    {
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new DeviceRef("+", text) : new DeviceRef(text[..slash], text[(slash + 1)..]);
    }

    private static IResult NotReady() => Results.Problem("OTA is starting or not configured (Ota:PublicKeyFile).", statusCode: StatusCodes.Status503ServiceUnavailable);
}
