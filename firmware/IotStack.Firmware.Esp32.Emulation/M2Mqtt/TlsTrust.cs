using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace nanoFramework.M2Mqtt;

/// <summary>
/// TLS as M2Mqtt sets it up on the board: the broker's certificate must chain to the CA certificate the firmware passes
/// (mbedTLS with that single trust anchor); without one, the board cannot verify the broker and refuses it.
/// </summary>
internal static class TlsTrust
{
    public static void Configure(MqttClientTlsOptionsBuilder tls, X509Certificate? caCert)
    {
        tls.UseTls()
            .WithCertificateValidationHandler(context =>
            {
                if (caCert is null || context.Certificate is null)
                {
                    return false;
                }

                using var anchor = X509CertificateLoader.LoadCertificate(caCert.GetRawCertData());
                using var server = X509CertificateLoader.LoadCertificate(context.Certificate.GetRawCertData());
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(anchor);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(server);
            });
    }
}
