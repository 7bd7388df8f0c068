using IotStack.Gateway.Dashboard;
using IotStack.Gateway.Maintenance;
using IotStack.Gateway.Options;
using IotStack.Gateway.Ota;
using IotStack.Gateway.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
        DefaultUnderDataDirectory(builder.Configuration, "Console:FirstRunFile", "console-admin.json");

        IServiceCollection services = builder.Services;
        services.AddMaintenance(builder.Configuration);
        services.AddConsole(configuration, announce);
        services.AddOta(configuration);
    }

    public static void MapCapabilities(WebApplication app)
    {
        app.MapConsole();
        app.MapOta();
    }

    /// <summary>The gateway keeps its files together: a relative default goes next to the SQLite store unless configured.</summary>
    public static void DefaultUnderDataDirectory(IConfigurationManager configuration, string key, string fileName)
    {
        if (!string.IsNullOrEmpty(configuration[key]))
        {
            return;
        }

        string directory = DataDirectory(configuration);
        PrivateFiles.EnsureFolder(directory);
        configuration[key] = Path.Combine(directory, fileName);
    }

    /// <summary>
    /// The PostgreSQL connection string when storage is PostgreSQL: then campaigns, the audit log, the log store and
    /// console credentials live there too, shared by every gateway on that database (docs/scale.md). Null with SQLite.
    /// </summary>
    public static string? SharedDatabase(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration.GetSection($"{GatewayOptions.Section}:Storage").Get<StorageOptions>() ?? new StorageOptions();
        return storage.Provider == StorageProvider.Postgres && storage.PostgresConnectionString.Length > 0 ? storage.PostgresConnectionString : null;
    }

    public static string DataDirectory(IConfiguration configuration)
    {
        string sqlite = configuration[$"{GatewayOptions.Section}:Storage:SqlitePath"] ?? new StorageOptions().SqlitePath;
        string? directory = Path.GetDirectoryName(sqlite);
        return string.IsNullOrEmpty(directory) ? "." : directory;
    }
}
