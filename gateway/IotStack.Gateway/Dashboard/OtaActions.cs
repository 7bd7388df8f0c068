using System.Globalization;
using IotStack.Gateway.Api;
using IotStack.Gateway.Ota;

namespace IotStack.Gateway.Dashboard;

/// <summary>
/// Campaign actions from the OTA page (admin only, enforced by the route's policy): start a rollout, pause, resume,
/// abort. Same rules as <see cref="ConsoleActions"/>: browsers must send the antiforgery token and are redirected
/// back; bearer callers get the API's JSON answers.
/// </summary>
internal static partial class OtaActions
{
    public static async Task<IResult> StartAsync(HttpContext http, ILogger<OtaHost> logger)
    {
        if (await ConsoleActions.CsrfFailureAsync(http).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (http.RequestServices.GetRequiredService<ConsoleBackends>().Ota is not { } ota)
        {
            return Results.Problem("OTA is not available on this gateway.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        string[] release = form["release"].ToString().Split('|', 2);
        if (release.Length != 2 || release[0].Length == 0 || release[1].Length == 0)
        {
            return Results.Problem("Choose a release.", statusCode: StatusCodes.Status400BadRequest);
        }

        var request = new CampaignRequest(release[0], release[1],
            Group: form["group"].ToString().Trim() is { Length: > 0 } group ? group : "all",
            RollbackVersion: form["rollback"].ToString().Trim() is { Length: > 0 } rollback ? rollback : null,
            CanaryCount: Int(form["canary"], 1), BatchSize: Int(form["batch"], 10), SoakSeconds: Seconds(form["soak"], 600));
        var (id, problem) = await OtaApi.CreateCampaignAsync(ota, request, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        LogCampaign(logger, http.User.Identity?.Name ?? "console", "started", id!);
        return ConsoleActions.IsBearer(http) ? Results.Ok(ota.Engine!.Status(id!)) : Results.Redirect($"{ConsolePaths.Base}/ota#campaign-{Uri.EscapeDataString(id!)}");
    }

    public static async Task<IResult> CommandAsync(HttpContext http, string id, string command, ILogger<OtaHost> logger)
    {
        if (await ConsoleActions.CsrfFailureAsync(http).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (http.RequestServices.GetRequiredService<ConsoleBackends>().Ota is not { } ota)
        {
            return Results.Problem("OTA is not available on this gateway.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        IResult result = OtaApi.Command(ota, id, command);
        bool done = result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK };
        if (done)
        {
            LogCampaign(logger, http.User.Identity?.Name ?? "console", command, id);
        }

        return ConsoleActions.IsBearer(http) || !done ? result : Results.Redirect($"{ConsolePaths.Base}/ota");
    }

    private static int Int(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;

    private static double Seconds(string? text, double fallback) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0 && double.IsFinite(value) ? value : fallback;

    [LoggerMessage(Level = LogLevel.Information, Message = "Console: {User} {Command} campaign {Id}")]
    private static partial void LogCampaign(ILogger logger, string user, string command, string id);
}
