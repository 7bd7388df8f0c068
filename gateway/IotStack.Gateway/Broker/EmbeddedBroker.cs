using System.Net;
using System.Net.Sockets;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace IotStack.Gateway.Broker;

/// <summary>
/// An in-process MQTTnet broker on loopback, for the demo and single-box installs. Persistent sessions are
/// on, so the gateway's own session survives a reconnect the same way it does on Mosquitto.
/// Registered before the ingest client: hosted services start in order, so the port is listening first.
/// </summary>
internal sealed partial class EmbeddedBroker(IOptions<GatewayOptions> options, BrokerEndpoint endpoint, ILogger<EmbeddedBroker> logger) : IHostedService, IAsyncDisposable
{
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        BrokerOptions broker = options.Value.Broker;
        if (broker.Mode != BrokerMode.Embedded)
        {
            endpoint.Set(broker.Host, broker.Port);
            return;
        }

        int port = broker.Port == 0 ? FreeLoopbackPort() : broker.Port;
        MqttServerOptions serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions()
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        await _server.StartAsync().ConfigureAwait(false);
        endpoint.Set("127.0.0.1", port);
        LogStarted(port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            await server.StopAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        _server = null;
        return ValueTask.CompletedTask;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on 127.0.0.1:{Port}")]
    private partial void LogStarted(int port);
}
