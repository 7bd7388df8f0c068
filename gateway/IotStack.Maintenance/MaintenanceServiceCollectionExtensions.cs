using IotStack.Maintenance.Alerts;
using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Connections;
using IotStack.Maintenance.FanOut;
using IotStack.Maintenance.Health;
using IotStack.Maintenance.Hosts;
using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Remediation;
using IotStack.Maintenance.Tailing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace IotStack.Maintenance;

internal static class MaintenanceServiceCollectionExtensions
{
    /// <summary>
    /// Registers SSH maintenance and log monitoring from the <c>Maintenance</c> section. Register your own
    /// <see cref="IAlertSink"/> (before or after) to route alerts into the gateway's alert lifecycle; the default logs them.
    /// </summary>
    public static IServiceCollection AddMaintenance(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(MaintenanceOptions.SectionName).Get<MaintenanceOptions>() ?? new MaintenanceOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(_ => new HostInventory(options.Hosts));
        services.AddSingleton(_ => new CommandCatalog(options.TailRoots));
        services.TryAddSingleton<ISshConnectionFactory, SshNetConnectionFactory>();
        services.AddSingleton<SshConnectionPool>();
        services.TryAddSingleton<IAuditLog>(_ => new SqliteAuditLog(options.AuditDatabase));
        services.AddSingleton<HostCommandRunner>();
        services.AddSingleton<FanOutJobRegistry>();
        services.TryAddSingleton<IAlertSink, LoggingAlertSink>();
        services.AddSingleton(sp => new RemediationEngine(options.Remediation, sp.GetRequiredService<HostCommandRunner>(), sp.GetRequiredService<IAlertSink>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RemediationEngine>>()));
        services.AddSingleton(_ => new LogRuleEngine(options.LogRules.Select(r => new LogRule(r))));
        services.TryAddSingleton<ILogStore>(sp => new SqliteLogStore(options.LogDatabase, options.LogRetention, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LogMonitor>();
        services.TryAddSingleton<IMaintenanceHealth, LoggedMaintenanceHealth>();
        services.AddHostedService<LogTailingService>();
        return services;
    }
}
