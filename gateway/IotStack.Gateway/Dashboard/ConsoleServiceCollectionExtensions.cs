using IotStack.Gateway.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IotStack.Gateway.Dashboard;

internal static class ConsoleServiceCollectionExtensions
{
    /// <summary>
    /// Registers the operator console: users and tokens from the <c>Console</c> section, cookie and bearer
    /// authentication behind one policy scheme, role policies, antiforgery. Pair with <see cref="ConsoleEndpoints.MapConsole"/>.
    /// </summary>
    /// <param name="announce">Where the first-run admin password is printed; standard output when null.</param>
    public static IServiceCollection AddConsole(this IServiceCollection services, IConfiguration configuration, TextWriter? announce = null)
    {
        var options = configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<ConsoleBackends>();
        services.AddSingleton(sp => new UserDirectory(options, announce ?? Console.Out, sp.GetRequiredService<ILogger<UserDirectory>>()));
        services.AddHostedService<ConsoleStartup>();

        services.AddAuthentication(ConsolePolicies.Scheme)
            .AddPolicyScheme(ConsolePolicies.Scheme, "Console", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ConsolePolicies.BearerScheme
                    : ConsolePolicies.CookieScheme)
            .AddCookie(ConsolePolicies.CookieScheme, o =>
            {
                o.Cookie.Name = "iotstack.console";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = options.SessionLifetime;
                o.SlidingExpiration = true;
                o.LoginPath = Rendering.ConsoleLayout.Base + "/login";
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
            .AddPolicy(ConsolePolicies.Admin, p => p.AddAuthenticationSchemes(ConsolePolicies.Scheme).RequireRole(ConsoleClaims.RoleName(ConsoleRole.Admin)));

        services.AddAntiforgery(o =>
        {
            o.FormFieldName = Rendering.ConsoleLayout.CsrfField;
            o.Cookie.Name = "iotstack.csrf";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        bool page = HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments(Rendering.ConsoleLayout.Base + "/api");
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
