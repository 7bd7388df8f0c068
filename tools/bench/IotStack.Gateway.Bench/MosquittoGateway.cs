using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Cluster;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Metrics;
using IotStack.TestServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace IotStack.Bench;

/// <summary>
/// An in-process gateway on a private Mosquitto (its gateway account), as a deployment with an external broker runs it:
/// SQLite or PostgreSQL storage, optionally in a shared group with device ownership, over plain MQTT or TLS.
/// </summary>
internal sealed class MosquittoGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MosquittoGateway(WebApplication app) => _app = app;

    public GatewayMetrics Metrics => _app.Services.GetRequiredService<GatewayMetrics>();

    /// <summary>Partitions owned whose session is connected; 0 without ownership.</summary>
    public int ConnectedPartitions => _app.Services.GetService<OwnedPartitions>()?.Connected ?? 0;

    public IReadOnlyList<int> OwnedPartitions => _app.Services.GetService<PartitionOwnership>()?.Owned ?? [];

    /// <param name="tls">Connect to the broker's TLS listener, pinning this CA; null = the plain listener.</param>
    /// <param name="postgres">PostgreSQL storage on this database; null = SQLite in <paramref name="dir"/>.</param>
    /// <param name="group">Broker:SharedGroup; empty = a plain subscription.</param>
    /// <param name="partitions">Cluster:Partitions (needs PostgreSQL and a group); 0 = no device ownership.</param>
    public static async Task<MosquittoGateway> StartAsync(
        PrivateMosquitto broker, TestCertificates? tls, string name, string dir, string? postgres, string group, int partitions, string statistical)
    {
        var settings = new Dictionary<string, string?>
        {
            ["IotStack:Broker:Mode"] = "External",
            ["IotStack:Broker:Host"] = broker.Host,
            ["IotStack:Broker:Port"] = (tls is null ? broker.Port : broker.TlsPort).ToString(CultureInfo.InvariantCulture),
            ["IotStack:Broker:Tls:CaFile"] = tls?.CaFile ?? "",
            ["IotStack:Broker:Username"] = broker.Account.User,
            ["IotStack:Broker:Password"] = broker.Account.Password,
            ["IotStack:Broker:ClientId"] = name,
            ["IotStack:Broker:SharedGroup"] = group,
            ["IotStack:Cluster:Name"] = name,
            ["IotStack:Cluster:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture),
            // Ownership settles within a few polls at start; the default 2 s would only make each run wait longer.
            ["IotStack:Cluster:PollInterval"] = "00:00:00.500",
            ["IotStack:Storage:Provider"] = postgres is null ? "Sqlite" : "Postgres",
            // Also with PostgreSQL: the gateway's local files (console admin, API token) go to this path's folder.
            ["IotStack:Storage:SqlitePath"] = Path.Combine(dir, name, "iotstack.db"),
            ["IotStack:Storage:PostgresConnectionString"] = postgres ?? "",
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["IotStack:Ingest:StatisticalDetectors"] = statistical,
            ["Logging:LogLevel:Default"] = "Warning",
            // Each run's devices go silent when it ends; their offline alerts are not what this bench reads.
            ["Logging:LogLevel:IotStack.Gateway.Devices"] = "Error",
            ["Logging:LogLevel:IotStack.Gateway.Alerts"] = "Error",
            // Each gateway creates or adopts a local API token at start, which it announces.
            ["Logging:LogLevel:IotStack.Gateway.Auth"] = "Error",
        };
        WebApplication app = GatewayHost.Build([], settings);
        await app.StartAsync().ConfigureAwait(false);
        var client = app.Services.GetRequiredService<GatewayMqttClient>();
        while (!client.IsReady)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }

        return new MosquittoGateway(app);
    }

    /// <summary>Where boards connect: the broker's plain or TLS listener.</summary>
    public static BrokerConnection Listener(PrivateMosquitto broker, TestCertificates? tls) => tls is null
        ? new BrokerConnection(broker.Host, broker.Port)
        : new BrokerConnection(broker.Host, broker.TlsPort, X509CertificateLoader.LoadCertificateFromFile(tls.CaFile));

    public static Func<MqttClientOptionsBuilder, MqttClientOptionsBuilder> As(MqttAccount account) =>
        options => options.WithCredentials(account.User, account.Password);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Not measured: a slow hand-over at the end of a run only delays the next one.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
