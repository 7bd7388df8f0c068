using IotStack.Gateway.Alerts;
using IotStack.Gateway.Cluster;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Logs;
using IotStack.Gateway.Resilience;
using IotStack.Gateway.Timeline;
using IotStack.Maintenance;
using IotStack.Maintenance.Alerts;
using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Health;
using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Tailing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Maintenance;

/// <summary>
/// SSH maintenance and log monitoring as a gateway module: <c>services.AddMaintenance(configuration)</c>. Its HTTP
/// routes (/api/logs, /api/hosts) stay in the core API, which answers 503 when the module is not registered.
/// </summary>
internal static class MaintenanceServiceCollectionExtensions
{
    /// <summary>
    /// Registers IotStack.Maintenance from the <c>Maintenance</c> section (its databases next to the gateway's store
    /// unless configured) and wires it to the gateway, all by constructor: remote actions also land on the host's
    /// timeline (<see cref="TimelineAuditLog"/>), maintenance alerts join the gateway's alert lifecycle
    /// (<see cref="GatewayAlertSink"/>), gateway alerts drive remediation rules (<see cref="AlertRemediationBridge"/>,
    /// <see cref="RemediationWorker"/>), and board logs go to the log store and rules (<see cref="DeviceLogSink"/>).
    /// </summary>
    public static IServiceCollection AddMaintenance(this IServiceCollection services, IConfigurationManager configuration)
    {
        GatewayComposition.DefaultUnderDataDirectory(configuration, "Maintenance:AuditDatabase", "maintenance-audit.db");
        GatewayComposition.DefaultUnderDataDirectory(configuration, "Maintenance:LogDatabase", "maintenance-logs.db");
        var maintenance = configuration.GetSection(MaintenanceOptions.SectionName).Get<MaintenanceOptions>() ?? new MaintenanceOptions();

        // With PostgreSQL storage, the audit trail, the log store and remediation's queue are shared by every gateway on it (docs/scale.md).
        string? shared = GatewayComposition.SharedDatabase(configuration);

        // Registered before the library's, whose TryAdd keeps these.
        services.AddSingleton<IAuditLog>(sp => new TimelineAuditLog(
            shared is null ? new SqliteAuditLog(maintenance.AuditDatabase) : new PostgresAuditLog(shared),
            sp.GetRequiredService<ITimeline>(), sp.GetRequiredService<ILogger<TimelineAuditLog>>(), sp.GetRequiredService<DependencyHealth>()));
        if (shared is not null)
        {
            services.AddSingleton<ILogStore>(sp => new PostgresLogStore(shared, maintenance.LogRetention, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(_ => new PostgresRemediationQueue(shared));
        }

        // The library's failing log store and tails show in the gateway's /health.
        services.AddSingleton<IMaintenanceHealth, MaintenanceHealthReport>();
        services.AddSingleton<IAlertSink, GatewayAlertSink>();
        IotStack.Maintenance.MaintenanceServiceCollectionExtensions.AddMaintenance(services, configuration);

        // Host log tails are a cluster singleton: they run on the leader only, resuming from the (shared) checkpoints.
        foreach (ServiceDescriptor tails in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(LogTailingService)).ToList())
        {
            services.Remove(tails);
        }

        services.AddHostedService(sp => new LeaderOnlyService(sp.GetRequiredService<ILeadership>(), () => ActivatorUtilities.CreateInstance<LogTailingService>(sp)));

        // Replaces the core's notifier and still feeds it.
        services.AddSingleton<AlertRemediationBridge>();
        services.AddSingleton<IAlertNotifier>(sp => sp.GetRequiredService<AlertRemediationBridge>());
        services.AddHostedService<RemediationWorker>();

        // Board log records also go to the searchable log store and the log rules: a sink after the core's.
        services.AddSingleton<IIngestSink, DeviceLogSink>();
        return services;
    }
}
