using System.Security.Cryptography.X509Certificates;
using IotStack.Gateway.Broker.Tls;
using MQTTnet;

namespace IotStack.Gateway.Broker;

/// <summary>
/// How the gateway's MQTT clients reach the broker: host, port and, for TLS, the pinned CA. One place builds their
/// connect options (<see cref="CreateOptions"/>), so every client of the gateway connects the same way.
/// </summary>
internal sealed record BrokerConnection(string Host, int Port, X509Certificate2? Ca = null)
{
    public bool IsTls => Ca is not null;

    /// <summary>Connect options with the server and, with a CA, TLS 1.2+ verified against it alone.</summary>
    public MqttClientOptionsBuilder CreateOptions()
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder().WithTcpServer(Host, Port);
        if (Ca is { } ca)
        {
            builder = builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithTargetHost(Host)
                .WithCertificateValidationHandler(context => CaPinning.Accepts(ca, context.Certificate, context.SslPolicyErrors)));
        }

        return builder;
    }

    public override string ToString() => $"{Host}:{Port}{(IsTls ? " (TLS)" : "")}";
}
