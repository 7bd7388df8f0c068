using IotStack.Gateway.Api;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Hosting;

/// <summary>
/// Builds the gateway's WebApplication. Configuration, later sources winning: appsettings.json (next to the
/// executable or in the current folder), environment variables (IOTSTACK__BROKER__PORT=1884), the command
/// line (--IotStack:Broker:Port=1884), then <paramref name="overrides"/> (the demo and tests).
/// Other capabilities plug in through <paramref name="configureServices"/> and <paramref name="mapEndpoints"/>
/// (modules: AddMaintenance, AddConsole / MapConsole, AddOta / MapOta; see GatewayComposition).
/// </summary>
internal static class GatewayHost
{
    public static WebApplication Build(
        string[] args,
        IDictionary<string, string?>? overrides = null,
        Action<WebApplicationBuilder>? configureServices = null,
        Action<WebApplication>? mapEndpoints = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        builder.Configuration.AddJsonFile("appsettings.json", optional: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        string urls = builder.Configuration[$"{GatewayOptions.Section}:Http:Urls"] ?? new HttpOptions().Urls;
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddIotStackGateway(builder.Configuration);
        GatewayComposition.DefaultUnderDataDirectory(builder.Configuration, "Console:ApiTokenFile", "api-token");
        GatewayComposition.DefaultUnderDataDirectory(builder.Configuration, $"{GatewayOptions.Section}:Broker:Tls:Folder", "tls");
        configureServices?.Invoke(builder);
        // After the capabilities: the console registers the same authentication with its own options first.
        builder.Services.AddGatewayAuth(builder.Configuration);

        WebApplication app = builder.Build();
        app.MapOpenApi();
        app.MapGatewayApi();
        mapEndpoints?.Invoke(app);
        return app;
    }
}
