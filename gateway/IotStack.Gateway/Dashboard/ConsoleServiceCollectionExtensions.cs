using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard.Readings;
using IotStack.Gateway.Ingest;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IotStack.Gateway.Dashboard;

internal static class ConsoleServiceCollectionExtensions
{
    /// <summary>
    /// Registers the operator console: users from the <c>Console</c> section, and the gateway's authentication
    /// (<see cref="GatewayAuthServiceCollectionExtensions.AddGatewayAuth"/>: cookie and bearer behind one policy
    /// scheme, role policies, antiforgery), Razor components for the pages (static server rendering only), and the
    /// latest readings (an ingest sink). Pair with <see cref="ConsoleEndpoints.MapConsole"/>.
    /// </summary>
    /// <param name="announce">Where the first-run admin password is printed; standard output when null.</param>
    public static IServiceCollection AddConsole(this IServiceCollection services, IConfiguration configuration, TextWriter? announce = null)
    {
        services.AddGatewayAuth(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConsoleBackends>();
        services.AddSingleton(sp => new UserDirectory(sp.GetRequiredService<ConsoleOptions>(), announce ?? Console.Out, sp.GetRequiredService<ILogger<UserDirectory>>(),
            sp.GetService<SharedConsoleCredentials>()));
        services.AddHostedService<ConsoleStartup>();
        services.AddRazorComponents();
        services.AddSingleton<LatestReadings>();
        services.AddSingleton<IIngestSink>(sp => sp.GetRequiredService<LatestReadings>());
        return services;
    }
}
