using IotStack.Gateway.Alerts;
using IotStack.Gateway.Api;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard.Pages;
using IotStack.Maintenance.Commands;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace IotStack.Gateway.Dashboard;

/// <summary>
/// The console's state-changing requests. Browser posts must carry the antiforgery token; bearer-token callers
/// (scripts) get JSON answers, browsers a redirect back (post/redirect/get).
/// </summary>
internal static partial class ConsoleActions
{
    public static async Task<IResult> LoginAsync(HttpContext http, UserDirectory users, SignInThrottle throttle, ILogger<UserDirectory> logger)
    {
        if (await CsrfFailureAsync(http).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        string name = form["user"].ToString().Trim();
        string returnUrl = LocalOr(form["return"].ToString());
        System.Net.IPAddress? address = http.Connection.RemoteIpAddress;
        if (throttle.LockedUntil(name, address) is { } until)
        {
            LogLoginThrottled(logger, name.Length > 64 ? name[..64] : name, until);
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling((until - http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).TotalSeconds))
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SignInPage(http, returnUrl, "Too many failed sign-ins; try again later.", StatusCodes.Status429TooManyRequests);
        }

        ConsoleIdentity? identity = users.VerifyPassword(name, form["password"].ToString());
        if (identity is null)
        {
            throttle.Failed(name, address);
            LogLoginFailed(logger, name.Length > 64 ? name[..64] : name);
            return SignInPage(http, returnUrl, "Wrong user name or password.", StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(name, address);

        await http.SignInAsync(ConsolePolicies.CookieScheme, ConsoleClaims.Principal(identity, ConsolePolicies.CookieScheme)).ConfigureAwait(false);
        LogLoggedIn(logger, identity.Name, identity.Role);
        return Results.Redirect(returnUrl);
    }

    public static async Task<IResult> LogoutAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (await CsrfFailureAsync(http).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        await http.SignOutAsync(ConsolePolicies.CookieScheme).ConfigureAwait(false);
        return Results.Redirect(ConsolePaths.Base + "/login");
    }

    public static async Task<IResult> AlertAsync(HttpContext http, long id, bool resolve)
    {
        if (await CsrfFailureAsync(http).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (http.RequestServices.GetRequiredService<ConsoleBackends>().AlertEngine is not { } engine)
        {
            return Results.Problem("The alert engine is not available on this gateway.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        string by = http.User.Identity?.Name ?? "console";
        AlertRecord? alert = resolve
            ? await engine.ResolveAsync(id, by, http.RequestAborted).ConfigureAwait(false)
            : await engine.AcknowledgeAsync(id, by, http.RequestAborted).ConfigureAwait(false);
        if (alert is null)
        {
            return Results.NotFound();
        }

        return IsBearer(http) ? Results.Ok(AlertDto.From(alert)) : Results.Redirect(LocalOr(await FormValueAsync(http, "return").ConfigureAwait(false), ConsolePaths.Base + "/alerts"));
    }

    public static async Task<IResult> RunHostCommandAsync(HttpContext http, string host, ILogger<HostCommandRunner> logger)
    {
        if (await CsrfFailureAsync(http).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (http.RequestServices.GetRequiredService<ConsoleBackends>().Commands is not { } runner)
        {
            return Results.Problem("Host maintenance is not available on this gateway.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (runner.Inventory.Find(host) is null)
        {
            return Results.NotFound();
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        string template = form["template"].ToString();
        string[] words = form["args"].ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string requestedBy = http.User.Identity?.Name ?? "console";
        CommandValidation validation = runner.Catalog.Validate(template, words);
        // Not the request's token: once sent, a command runs to its own timeout even if the browser goes away, so the audit row tells the truth.
        CommandOutcome outcome = validation.Command is { } command
            ? await runner.RunAsync(host, template, command.Arguments, requestedBy, CancellationToken.None).ConfigureAwait(false)
            : await runner.AuditRefusalAsync(host, template, new Dictionary<string, string>(), validation.Refusal, requestedBy).ConfigureAwait(false);
        LogCommand(logger, requestedBy, template, host, outcome.Status);
        return IsBearer(http)
            ? Results.Ok(new { outcome.Host, outcome.Template, Status = outcome.Status.ToString(), outcome.ExitCode, outcome.Output, outcome.Error, outcome.Message, outcome.AuditId })
            : Results.Redirect($"{ConsolePaths.Base}/hosts?ran={outcome.AuditId}#host-{Uri.EscapeDataString(host)}");
    }

    private static IResult SignInPage(HttpContext http, string returnUrl, string error, int status) =>
        ConsoleEndpoints.Page<LoginPage>(http, new Dictionary<string, object?> { [nameof(LoginPage.Return)] = returnUrl, [nameof(LoginPage.Error)] = error }, status);

    /// <summary>Only console paths are valid return targets (no open redirect to another site).</summary>
    public static string LocalOr(string? url, string fallback = ConsolePaths.Base) =>
        url is { Length: > 0 } && url.StartsWith(ConsolePaths.Base, StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : fallback;

    public static bool IsBearer(HttpContext http) => http.User.Identity?.AuthenticationType == ConsolePolicies.BearerScheme;

    private static async Task<string> FormValueAsync(HttpContext http, string name) =>
        http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false))[name].ToString() : "";

    public static async Task<IResult?> CsrfFailureAsync(HttpContext http)
    {
        if (IsBearer(http))
        {
            return null;
        }

        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem("The form's antiforgery token is missing or invalid; reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console sign-in failed for '{User}'")]
    private static partial void LogLoginFailed(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console sign-in refused for '{User}': too many failures, locked until {Until}")]
    private static partial void LogLoginThrottled(ILogger logger, string user, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Console sign-in: {User} ({Role})")]
    private static partial void LogLoggedIn(ILogger logger, string user, ConsoleRole role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Console: {User} ran {Template} on {Host}: {Status}")]
    private static partial void LogCommand(ILogger logger, string user, string template, string host, CommandStatus status);
}
