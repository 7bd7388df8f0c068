namespace IotStack.Gateway.Auth;

/// <summary>Authorization policy names; each requires the role it is named after (or a higher one).</summary>
internal static class ConsolePolicies
{
    public const string Viewer = "console-viewer";
    public const string Operator = "console-operator";
    public const string Admin = "console-admin";

    /// <summary>/metrics: anonymous from the gateway's own machine (loopback), a viewer from elsewhere.</summary>
    public const string Metrics = "gateway-metrics";

    /// <summary>Cookie for browsers, bearer token for scripts; the policy scheme picks one per request.</summary>
    public const string Scheme = "IotStack.Console";
    public const string CookieScheme = "IotStack.Console.Cookie";
    public const string BearerScheme = "IotStack.Console.Bearer";

    public static string For(ConsoleRole role) => role switch
    {
        ConsoleRole.Admin => Admin,
        ConsoleRole.Operator => Operator,
        _ => Viewer,
    };
}
