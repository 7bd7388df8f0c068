using IotStack.Gateway.Api;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Storage;
using IotStack.Maintenance.Logs;
using IotStack.Ota.Delivery;
using IotStack.Ota.Releases;
using IotStack.Ota.Rollouts;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Ota;

/// <summary>OTA as a gateway module: <c>services.AddOta(configuration)</c>, then <c>app.MapOta()</c>.</summary>
internal static class OtaServiceCollectionExtensions
{
    /// <summary>
    /// Registers release store, catalog, image cache, fleet view, OTA's MQTT route and status sink, offer channel and the OTA host from the <c>Ota</c>
    /// section. OTA needs the fleet's public key to verify releases; without one configured it stays off.
    /// Reads board error logs from the maintenance module's <see cref="ILogStore"/> when that is registered.
    /// </summary>
    public static IServiceCollection AddOta(this IServiceCollection services, IConfiguration configuration)
    {
        var ota = configuration.GetSection(OtaHostOptions.Section).Get<OtaHostOptions>() ?? new OtaHostOptions();
        if (!ota.Enabled)
        {
            return services;
        }

        string data = GatewayComposition.DataDirectory(configuration);
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
        services.AddSingleton(sp => new GatewayFleetView(sp.GetRequiredService<IDeviceStore>(), sp.GetRequiredService<IAlertStore>(),
            sp.GetService<ILogStore>(), sp.GetRequiredService<TimeProvider>()));
        // One MQTT connection: OTA takes its kinds from the gateway's ingress and publishes on the same client.
        services.AddSingleton<OtaInbox>();
        services.AddSingleton<IMqttRoute, OtaRoute>();
        services.AddSingleton<IDevicePublisher>(sp => sp.GetRequiredService<GatewayMqttClient>());
        services.AddSingleton<OfferChannel>();
        // One status path: the ingest writer decodes each status once; the fleet view is a sibling sink of device state.
        services.AddSingleton<IIngestSink, FleetStatusSink>();
        string? shared = GatewayComposition.SharedDatabase(configuration);
        services.AddSingleton<ICampaignStore>(_ => shared is null ? new SqliteCampaignStore(ota.CampaignDatabase) : new PostgresCampaignStore(shared));
        services.AddSingleton<OtaHost>();
        services.AddHostedService(sp => sp.GetRequiredService<OtaHost>());
        return services;
    }

    /// <summary>Maps the OTA API when <see cref="AddOta"/> hosted OTA.</summary>
    public static WebApplication MapOta(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<OtaHost>() is not null)
        {
            app.MapOtaApi();
        }

        return app;
    }
}
