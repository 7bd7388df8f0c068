using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Auth;

internal static class GatewayAuthServiceCollectionExtensions
{
    /// <summary>Path of the console's sign-in page, where a browser without a session is sent.</summary>
    public const string LoginPath = "/console/login";

    public const string CookieName = "iotstack.console";

    /// <summary>
    /// Registers who may call the gateway over HTTP: API tokens (bearer) and console sessions (cookie) behind one
    /// policy scheme, role policies, antiforgery. Called by <see cref="Hosting.GatewayHost"/> for every host (the
    /// JSON API is never anonymous) and by the console, whichever comes first; later calls change nothing.
    /// </summary>
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(TokenDirectory)))
        {
            return services;
        }

        var options = configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        IReadOnlyList<string> errors = ConsoleOptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(ConsoleOptions.Section, typeof(ConsoleOptions), errors);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        if (Hosting.GatewayComposition.SharedDatabase(configuration) is { } shared)
        {
            services.AddSingleton(_ => new SharedConsoleCredentials(shared));
        }

        services.AddSingleton<TokenDirectory>();
        services.AddSingleton<SignInThrottle>();
        services.AddHostedService<TokenStartup>();

        services.AddAuthentication(ConsolePolicies.Scheme)
            .AddPolicyScheme(ConsolePolicies.Scheme, "Console", o => o.ForwardDefaultSelector = SchemeFor)
            .AddCookie(ConsolePolicies.CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = options.SessionLifetime;
                o.SlidingExpiration = true;
                o.LoginPath = LoginPath;
                o.ReturnUrlParameter = "return";
                o.Events = new CookieAuthenticationEvents
                {
                    // Pages redirect to the login form; API calls and posts get a status code a script can act on.
                    OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden),
                };
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(ConsolePolicies.BearerScheme, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(ConsolePolicies.Viewer, p => p.AddAuthenticationSchemes(ConsolePolicies.Scheme).RequireRole(ConsoleClaims.RoleName(ConsoleRole.Viewer)))
            .AddPolicy(ConsolePolicies.Operator, p => p.AddAuthenticationSchemes(ConsolePolicies.Scheme).RequireRole(ConsoleClaims.RoleName(ConsoleRole.Operator)))
            .AddPolicy(ConsolePolicies.Admin, p => p.AddAuthenticationSchemes(ConsolePolicies.Scheme).RequireRole(ConsoleClaims.RoleName(ConsoleRole.Admin)))
            // Prometheus scrapers on the gateway's own machine need no credentials; from anywhere else /metrics needs a viewer.
            .AddPolicy(ConsolePolicies.Metrics, p => p.AddAuthenticationSchemes(ConsolePolicies.Scheme).RequireAssertion(FromLoopbackOrViewer));

        services.AddAntiforgery(o =>
        {
            o.FormFieldName = "__csrf";
            o.Cookie.Name = "iotstack.csrf";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>
    /// A bearer header picks the token handler, a session cookie the cookie handler. With neither, the JSON API
    /// challenges as a bearer API (401 with <c>WWW-Authenticate: Bearer</c>, RFC 6750 §3) and pages redirect to sign-in.
    /// </summary>
    private static string SchemeFor(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ConsolePolicies.BearerScheme;
        }

        bool api = context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/metrics");
        return api && !context.Request.Cookies.ContainsKey(CookieName) ? ConsolePolicies.BearerScheme : ConsolePolicies.CookieScheme;
    }

    private static bool FromLoopbackOrViewer(AuthorizationHandlerContext context) =>
        context.User.IsInRole(ConsoleClaims.RoleName(ConsoleRole.Viewer))
        || (context.Resource is HttpContext http && http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address));

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        PathString path = context.Request.Path;
        bool page = HttpMethods.IsGet(context.Request.Method) && !path.StartsWithSegments("/api") && !path.StartsWithSegments("/console/api") && !path.StartsWithSegments("/metrics");
        if (page)
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        return Status(context.Response, status);
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
