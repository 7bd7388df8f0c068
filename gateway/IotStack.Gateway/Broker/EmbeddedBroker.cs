using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using IotStack.Gateway.Broker.Tls;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace IotStack.Gateway.Broker;

/// <summary>
/// An in-process MQTTnet broker for the demo and single-box installs. Persistent sessions are on, so the gateway's own
/// session survives a reconnect the same way it does on Mosquitto. It listens on <c>Broker:ListenAddresses</c>
/// (loopback, IPv4 and IPv6, unless configured): MQTT over TLS on <c>Broker:Tls:Port</c> for boards, and plain MQTT on
/// <c>Broker:Port</c>, which stays on loopback unless <c>Broker:AllowPlainTcp</c> says otherwise. The gateway's own
/// client uses the plain loopback port (it never leaves the machine).
/// Registered before the ingest client: hosted services start in order, so the port is listening first.
/// </summary>
internal sealed partial class EmbeddedBroker(IOptions<GatewayOptions> options, BrokerEndpoint endpoint, BrokerCertificates certificates, BrokerAccessControl access, ILogger<EmbeddedBroker> logger)
    : IHostedService, IAsyncDisposable
{
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        BrokerOptions broker = options.Value.Broker;
        if (broker.Mode != BrokerMode.Embedded)
        {
            SetExternal(broker);
            return;
        }

        IPAddress v4 = BrokerAddresses.Find(broker.ListenAddresses, AddressFamily.InterNetwork) ?? IPAddress.None;
        IPAddress v6 = BrokerAddresses.Find(broker.ListenAddresses, AddressFamily.InterNetworkV6) ?? IPAddress.None;
        bool exposed = !IsLoopbackOrNone(v4) || !IsLoopbackOrNone(v6);
        // Plain MQTT off loopback only when asked for; otherwise its port stays on this machine (IPAddress.None = not bound).
        IPAddress plainV4 = broker.AllowPlainTcp ? v4 : IPAddress.Loopback;
        IPAddress plainV6 = broker.AllowPlainTcp ? v6 : Socket.OSSupportsIPv6 ? IPAddress.IPv6Loopback : IPAddress.None;
        int port = broker.Port == 0 ? FreeLoopbackPort() : broker.Port;
        MqttServerOptionsBuilder builder = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(plainV4)
            .WithDefaultEndpointBoundIPV6Address(plainV6)
            .WithDefaultEndpointPort(port)
            .WithConnectionBacklog(broker.ConnectionBacklog)
            .WithPersistentSessions();
        BrokerConnection? tls = null;
        if (broker.Tls.Enabled)
        {
            BrokerIdentity identity = certificates.Identity;
            int tlsPort = broker.Tls.PortFor(broker.Port) is var configured and > 0 ? configured : FreeLoopbackPort();
            builder = builder
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(v4)
                .WithEncryptedEndpointBoundIPV6Address(v6)
                .WithEncryptedEndpointPort(tlsPort)
                .WithEncryptionCertificate(identity.Server)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
            tls = new BrokerConnection(IsLoopbackOrNone(v4) ? "127.0.0.1" : v4.ToString(), tlsPort, identity.Ca);
        }

        _server = new MqttServerFactory().CreateMqttServer(builder.Build());
        // Before it listens: no connection ever skips authentication and the topic rules.
        access.Attach(_server);
        await _server.StartAsync().ConfigureAwait(false);
        endpoint.Set(new BrokerConnection("127.0.0.1", port), tls);
        LogStarted(Describe(plainV4, plainV6), port, tls is null ? "off" : $"{Describe(v4, v6)} port {tls.Port}");
        if (broker.AllowPlainTcp && exposed)
        {
            LogPlainExposed(Describe(v4, v6), port);
        }
    }

    private void SetExternal(BrokerOptions broker)
    {
        if (broker.Tls.CaFile.Length > 0)
        {
            endpoint.Set(new BrokerConnection(broker.Host, broker.Port, X509CertificateLoader.LoadCertificateFromFile(broker.Tls.CaFile)));
            return;
        }

        if (!BrokerAddresses.IsLoopback(broker.Host))
        {
            // Validation let this through only with AllowPlainTcp.
            LogPlainExposed(broker.Host, broker.Port);
        }

        endpoint.Set(broker.Host, broker.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            access.Detach();
            await server.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Client ids connected right now (empty with an external broker).</summary>
    public async Task<IReadOnlyList<string>> ClientIdsAsync() =>
        _server is { } server ? [.. (await server.GetClientsAsync().ConfigureAwait(false)).Select(c => c.Id)] : [];

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        _server = null;
        return ValueTask.CompletedTask;
    }

    private static bool IsLoopbackOrNone(IPAddress address) => address.Equals(IPAddress.None) || IPAddress.IsLoopback(address);

    private static string Describe(IPAddress v4, IPAddress v6) =>
        string.Join(" and ", new[] { v4, v6 }.Where(a => !a.Equals(IPAddress.None)).Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString()));

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening: plain MQTT on {Plain} port {Port}, MQTT over TLS {Tls}")]
    private partial void LogStarted(string plain, int port, string tls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plain MQTT (unencrypted, Broker:AllowPlainTcp) to or from {Address} port {Port}: anyone on that network can read and forge it; use TLS")]
    private partial void LogPlainExposed(string address, int port);
}
