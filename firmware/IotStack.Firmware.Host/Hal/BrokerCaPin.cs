using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace IotStack.Firmware.Host.Hal;

/// <summary>
/// What a board accepts from the broker: a certificate that names the host it dialled and chains to the one CA it was
/// given (as mbedTLS does with a single trust anchor), never the machine's trust store.
/// </summary>
internal static class BrokerCaPin
{
    /// <summary>With a CA: TLS to <paramref name="host"/>, pinned to it; without: the builder as it was (plain MQTT).</summary>
    public static MqttClientOptionsBuilder WithBrokerCa(this MqttClientOptionsBuilder builder, string host, X509Certificate2? ca) =>
        ca is null
            ? builder
            : builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithTargetHost(host)
                .WithCertificateValidationHandler(context => Accepts(ca, context.Certificate, context.SslPolicyErrors)));

    public static bool Accepts(X509Certificate2 ca, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using X509Certificate2 server = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
