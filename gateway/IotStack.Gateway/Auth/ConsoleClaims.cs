using System.Security.Claims;

namespace IotStack.Gateway.Auth;

/// <summary>
/// Role claims are cumulative (an admin also carries "operator" and "viewer"), so a policy names the least role
/// it needs and <c>RequireRole</c> stays a plain membership test.
/// </summary>
internal static class ConsoleClaims
{
    public static ClaimsPrincipal Principal(ConsoleIdentity identity, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, identity.Name) };
        foreach (ConsoleRole role in Enum.GetValues<ConsoleRole>())
        {
            if (role <= identity.Role)
            {
                claims.Add(new Claim(ClaimTypes.Role, RoleName(role)));
            }
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static string RoleName(ConsoleRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The highest role the principal holds; null when not signed in.</summary>
    public static ConsoleRole? RoleOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        ConsoleRole? best = null;
        foreach (ConsoleRole role in Enum.GetValues<ConsoleRole>())
        {
            if (user.IsInRole(RoleName(role)))
            {
                best = role;
            }
        }

        return best;
    }

    public static bool Can(ClaimsPrincipal user, ConsoleRole needed) => RoleOf(user) is { } role && role >= needed;
}
