using IotStack.Gateway.Auth;
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

    /// <summary>One per HTTP request, shared by the page and every component on it.</summary>
    public static ConsoleRequest From(HttpContext http)
    {
        if (http.Items.TryGetValue(typeof(ConsoleRequest), out object? existing) && existing is ConsoleRequest known)
        {
            return known;
        }

        ConsoleIdentity? user = ConsoleClaims.RoleOf(http.User) is { } role ? new ConsoleIdentity(http.User.Identity!.Name ?? "", role) : null;
        string csrf = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken ?? "";
        var request = new ConsoleRequest(http, user, csrf, http.RequestServices.GetRequiredService<ConsoleBackends>());
        http.Items[typeof(ConsoleRequest)] = request;
        return request;
    }
}
