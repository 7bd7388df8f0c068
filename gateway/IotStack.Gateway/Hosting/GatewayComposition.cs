using IotStack.Gateway.Alerts;
using IotStack.Gateway.Dashboard;
using IotStack.Gateway.Devices;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Integration;
using IotStack.Gateway.Logs;
using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Timeline;
using IotStack.Maintenance.Alerts;
using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Logs;
using IotStack.Maintenance;
using IotStack.Ota.Delivery;
using IotStack.Ota.Releases;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Hosting;

/// <summary>
/// The full gateway: core (<see cref="GatewayHost.Build"/>) plus maintenance, the operator console and OTA, wired
/// to the core's alert lifecycle and timeline. Kept apart from <see cref="GatewayHost.Build"/> so tests and benches
/// can still compose a bare core or add one capability at a time.
/// </summary>
internal static class GatewayComposition
{
    /// <summary>Builds the gateway with every capability. <paramref name="announce"/>: where the console's first-run password goes (stdout when null).</summary>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null, TextWriter? announce = null) =>
        GatewayHost.Build(args, overrides, builder => AddCapabilities(builder, announce), MapCapabilities);

    public static void AddCapabilities(WebApplicationBuilder builder, TextWriter? announce = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IConfiguration configuration = builder.Configuration;
        DefaultUnderDataDirectory(builder.Configuration, "Maintenance:AuditDatabase", "maintenance-audit.db");
        DefaultUnderDataDirectory(builder.Configuration, "Maintenance:LogDatabase", "maintenance-logs.db");
        DefaultUnderDataDirectory(builder.Configuration, "Console:FirstRunFile", "console-admin.json");

        IServiceCollection services = builder.Services;
        // Registered before AddMaintenance, whose TryAdd keeps this decorator: every remote action also lands on the host's timeline.
        var maintenance = configuration.GetSection(MaintenanceOptions.SectionName).Get<MaintenanceOptions>() ?? new MaintenanceOptions();
        services.AddSingleton<IAuditLog>(sp => new TimelineAuditLog(new SqliteAuditLog(maintenance.AuditDatabase),
            sp.GetRequiredService<ITimeline>(), sp.GetRequiredService<ILogger<TimelineAuditLog>>()));
        services.AddSingleton<IAlertSink>(sp => new GatewayAlertSink(sp.GetRequiredService<AlertEngine>()));
        services.AddMaintenance(configuration);

        // Gateway alerts drive remediation rules; replaces the core's notifier and still feeds it.
        services.AddSingleton<AlertRemediationBridge>();
        services.AddSingleton<IAlertNotifier>(sp => sp.GetRequiredService<AlertRemediationBridge>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertRemediationBridge>());

        // Board log records also go to the searchable log store and the log rules: a sink after the core's.
        services.AddSingleton<IIngestSink, DeviceLogSink>();
        services.AddConsole(configuration, announce);
        AddOta(services, configuration);
    }

    /// <summary>OTA needs the fleet's public key to verify releases; without one configured it stays off.</summary>
    private static void AddOta(IServiceCollection services, IConfiguration configuration)
    {
        var ota = configuration.GetSection(OtaHostOptions.Section).Get<OtaHostOptions>() ?? new OtaHostOptions();
        if (!ota.Enabled)
        {
            return;
        }

        string data = DataDirectory(configuration);
        if (ota.Folder.Length == 0)
        {
            ota.Folder = Path.Combine(data, "releases");
        }

        if (ota.CampaignDatabase.Length == 0)
        {
            ota.CampaignDatabase = Path.Combine(data, "ota-campaigns.db");
        }

        byte[] publicKey = ota.PublicKey.Length > 0 ? KeyFiles.ParsePublic(ota.PublicKey) : KeyFiles.LoadPublic(ota.PublicKeyFile);
        services.AddSingleton(ota);
        services.AddSingleton<IImageStore>(_ => string.Equals(ota.Store, "S3", StringComparison.OrdinalIgnoreCase)
            ? new S3ImageStore(ota.S3)
            : new LocalFolderImageStore(ota.Folder));
        services.AddSingleton(sp => new ReleaseCatalog(sp.GetRequiredService<IImageStore>(), publicKey));
        services.AddSingleton(sp => new ImageCache(sp.GetRequiredService<IImageStore>(), new ImageCacheOptions()));
        services.AddSingleton(sp => new GatewayFleetView(sp.GetRequiredService<IDeviceStore>(), sp.GetRequiredService<IAlertStore>()));
        services.AddSingleton<OtaHost>();
        services.AddHostedService(sp => sp.GetRequiredService<OtaHost>());
    }

    public static void MapCapabilities(WebApplication app)
    {
        app.MapConsole();
        if (app.Services.GetService<OtaHost>() is not null)
        {
            app.MapOtaApi();
        }
    }

    /// <summary>The gateway keeps its files together: a relative default goes next to the SQLite store unless configured.</summary>
    public static void DefaultUnderDataDirectory(IConfigurationManager configuration, string key, string fileName)
    {
        if (!string.IsNullOrEmpty(configuration[key]))
        {
            return;
        }

        string directory = DataDirectory(configuration);
        Directory.CreateDirectory(directory);
        configuration[key] = Path.Combine(directory, fileName);
    }

    public static string DataDirectory(IConfiguration configuration)
    {
        string sqlite = configuration[$"{GatewayOptions.Section}:Storage:SqlitePath"] ?? new StorageOptions().SqlitePath;
        string? directory = Path.GetDirectoryName(sqlite);
        return string.IsNullOrEmpty(directory) ? "." : directory;
    }
}
