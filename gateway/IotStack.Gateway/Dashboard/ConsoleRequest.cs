using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard.Rendering;
using Microsoft.AspNetCore.Antiforgery;

namespace IotStack.Gateway.Dashboard;

/// <summary>What a page handler needs: the caller, an antiforgery token for its forms, the backends and "now".</summary>
internal sealed class ConsoleRequest
{
    private ConsoleRequest(HttpContext http, ConsoleIdentity? user, string csrf, ConsoleBackends backends)
    {
        Http = http;
        User = user;
        Csrf = csrf;
        Backends = backends;
        Now = backends.Time.GetUtcNow();
    }

    public HttpContext Http { get; }

    public ConsoleIdentity? User { get; }

    public string Csrf { get; }

    public ConsoleBackends Backends { get; }

    public DateTimeOffset Now { get; }

    public CancellationToken Aborted => Http.RequestAborted;

    public bool Can(ConsoleRole role) => User is { } user && user.Role >= role;

    public string Query(string name) => Http.Request.Query[name].ToString();

    public static ConsoleRequest From(HttpContext http)
    {
        ConsoleIdentity? user = ConsoleClaims.RoleOf(http.User) is { } role ? new ConsoleIdentity(http.User.Identity!.Name ?? "", role) : null;
        string csrf = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken ?? "";
        return new ConsoleRequest(http, user, csrf, http.RequestServices.GetRequiredService<ConsoleBackends>());
    }

    public IResult Page(string title, string active, string body, bool live = false, int status = StatusCodes.Status200OK)
    {
        Http.Response.Headers.CacheControl = "no-store";
        return Results.Content(ConsoleLayout.Page(title, active, User, Csrf, body, live), "text/html; charset=utf-8", null, status);
    }
}
