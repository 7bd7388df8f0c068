using IotStack.Gateway.Alerts;
using IotStack.Gateway.Api;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Cluster;
using IotStack.Gateway.Commands;
using IotStack.Gateway.Detection;
using IotStack.Gateway.Devices;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Timeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Hosting;

internal static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway core. Hosted services start in registration order: store (schema, active
    /// alerts) → embedded broker → ingest writer → broker client → alert ticker → notifications → retention.
    /// </summary>
    public static IServiceCollection AddIotStackGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient();
        services.AddGatewayOpenApi();

        services.AddSingleton<IGatewayStore>(sp => CreateStore(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Storage));
        services.AddSingleton<ITelemetryStore>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<IDeviceStore>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<ITimelineStore>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<IDetectorStateStore>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<ITimeline, StoreTimeline>();

        services.AddGatewayTelemetry(configuration);
        services.AddSingleton<DependencyHealth>();
        services.AddSingleton<StoreReadiness>();
        services.AddSingleton(sp => new GatewayMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>())
        {
            Dependencies = () => sp.GetRequiredService<DependencyHealth>().Snapshot(),
            // Read at scrape time; resolving lazily avoids a construction cycle with the engine.
            OpenAlerts = () => sp.GetRequiredService<AlertEngine>().ActiveCount,
            OpenAlertsAt = severity => sp.GetRequiredService<AlertEngine>().ActiveAt(severity),
            IsLeader = () => sp.GetRequiredService<ILeadership>().IsLeader,
            OwnedPartitions = configuration.GetValue<int>($"{GatewayOptions.Section}:Cluster:Partitions") > 0 ? () => sp.GetRequiredService<PartitionOwnership>().Owned : null,
        });
        services.AddSingleton<ILeadership>(sp => CreateLeadership(sp, sp.GetRequiredService<IOptions<GatewayOptions>>().Value));
        services.AddSingleton<BrokerEndpoint>();
        services.AddSingleton<Broker.Tls.BrokerCertificates>();
        services.AddSingleton<GatewayMqttCredentials>();
        services.AddSingleton<DeviceCredentialStore>();
        services.AddBoardClaims();
        services.AddSingleton<BrokerAccessControl>();
        services.AddSingleton<MosquittoAccessSync>();
        services.AddSingleton<IngestQueue>();
        services.AddSingleton<SeriesRegistry>();
        services.AddSingleton<DetectorCheckpoints>();
        services.AddSingleton<DetectionStage>();
        services.AddSingleton<DetectorCheckpointService>();
        services.AddSingleton<AlertEngine>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<IAlertNotifier>(sp => sp.GetRequiredService<NotificationDispatcher>());
        services.AddSingleton<CommandSender>();
        services.AddSingleton<DeviceMonitor>();
        // Sibling sinks of every decoded message, in this order: a commit is queued for scoring, then device state.
        services.AddSingleton<IIngestSink>(sp => sp.GetRequiredService<DetectionStage>());
        services.AddSingleton<IIngestSink>(sp => sp.GetRequiredService<DeviceMonitor>());
        services.AddSingleton<IngestWriter>();
        services.AddSingleton<GatewayMqttClient>();
        services.AddSingleton<IMqttPublisher>(sp => sp.GetRequiredService<GatewayMqttClient>());
        services.AddSingleton<EmbeddedBroker>();
        services.AddSingleton<AlertTicker>();
        services.AddSingleton<RetentionService>();

        services.AddHostedService<StoreInitializer>();
        // Not AddHostedService: its TryAddEnumerable refuses a factory typed IHostedService. Single box: a no-op service.
        services.AddSingleton<IHostedService>(sp => (IHostedService)sp.GetRequiredService<ILeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<MosquittoAccessSync>());
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        // Before the ingest writer, so it stops after it: the last checkpoint pass sees every committed sample.
        services.AddHostedService(sp => sp.GetRequiredService<DetectorCheckpointService>());
        services.AddHostedService(sp => sp.GetRequiredService<IngestWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<GatewayMqttClient>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertTicker>());
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        services.AddHostedService<SqliteCheckpointer>();
        AddDeviceOwnership(services, configuration);
        return services;
    }

    /// <summary>
    /// Device ownership (docs/scale.md), only with <c>Cluster:Partitions</c> set. Registered after the broker client, so it
    /// stops before it and before the ingest writer: partitions are handed over while both still run.
    /// </summary>
    private static void AddDeviceOwnership(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<int>($"{GatewayOptions.Section}:Cluster:Partitions") <= 0)
        {
            return;
        }

        services.AddSingleton(sp => new PartitionEpochs(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Cluster.Partitions));
        services.AddSingleton<IngressDrain>();
        services.AddSingleton<OwnedPartitions>();
        services.AddSingleton(sp =>
        {
            GatewayOptions options = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new PartitionOwnership(options.Storage.PostgresConnectionString, options.Cluster, sp.GetRequiredService<OwnedPartitions>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PartitionOwnership>>(), options.Broker.ClientId);
        });
        services.AddHostedService(sp => sp.GetRequiredService<PartitionOwnership>());
    }

    /// <summary>One PostgreSQL database shared by several gateways: one of them leads. SQLite: one gateway, always the leader.</summary>
    private static ILeadership CreateLeadership(IServiceProvider services, GatewayOptions options) => options.Storage.Provider switch
    {
        StorageProvider.Postgres => new PostgresLeadership(options.Storage.PostgresConnectionString, options.Cluster,
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<PostgresLeadership>>()),
        _ => new SingleBoxLeadership(options.Cluster.EffectiveName),
    };

    private static IGatewayStore CreateStore(StorageOptions storage) => storage.Provider switch
    {
        StorageProvider.Postgres => new PostgresGatewayStore(storage.PostgresConnectionString),
        _ => new SqliteGatewayStore(storage.SqlitePath),
    };
}
