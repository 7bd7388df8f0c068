using IotStack.Gateway.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IotStack.Gateway.Api;

/// <summary>
/// Who may call the JSON API and who is recorded as acting. Every /api route needs a bearer token or a console
/// session; a state change with a session cookie must also carry the antiforgery token (header
/// <c>RequestVerificationToken</c>), because a browser attaches cookies to forged requests and bearer tokens it does not.
/// </summary>
internal static class ApiAccess
{
    /// <summary>Viewer for the group; state-changing routes add <see cref="ConsolePolicies.Operator"/> or <see cref="ConsolePolicies.Admin"/>.</summary>
    public static RouteGroupBuilder RequireApiAccess(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(ConsolePolicies.Viewer);
        group.AddEndpointFilter(async (context, next) =>
        {
            HttpContext http = context.HttpContext;
            if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || IsBearer(http))
            {
                return await next(context).ConfigureAwait(false);
            }

            return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http).ConfigureAwait(false)
                ? await next(context).ConfigureAwait(false)
                : Results.Problem("A console session must send the antiforgery token with state changes; scripts use a bearer token.", statusCode: StatusCodes.Status400BadRequest);
        });
        return group;
    }

    /// <summary>
    /// The authenticated caller is who acts. A script acting for a person may name them (<paramref name="onBehalfOf"/>);
    /// the record then keeps both ("olga via token:nightly"), so the claim never replaces the identity.
    /// </summary>
    public static string Actor(HttpContext http, string? onBehalfOf)
    {
        string name = http.User.Identity?.Name is { Length: > 0 } n ? n : "api";
        return string.IsNullOrWhiteSpace(onBehalfOf) || string.Equals(onBehalfOf, name, StringComparison.Ordinal) ? name : $"{onBehalfOf.Trim()} via {name}";
    }

    private static bool IsBearer(HttpContext http) => http.User.Identity?.AuthenticationType == ConsolePolicies.BearerScheme;
}
