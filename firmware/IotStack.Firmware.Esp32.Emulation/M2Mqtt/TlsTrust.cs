using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace nanoFramework.M2Mqtt;

/// <summary>
/// TLS as M2Mqtt sets it up on the board (MqttNetworkChannel.Connect: SslStream.AuthenticateAsClient with the broker's
/// host name and the CA certificate the firmware passes, ValidateServerCertificate on): mbedTLS with that single trust
/// anchor and the host name checked; without a CA the board cannot verify the broker and refuses it.
/// </summary>
internal static class TlsTrust
{
    public static void Configure(MqttClientTlsOptionsBuilder tls, string host, X509Certificate? caCert, MqttSslProtocols protocol)
    {
        tls.UseTls()
            .WithTargetHost(host)
            .WithSslProtocols(Protocols(protocol))
            .WithCertificateValidationHandler(context => Accepts(caCert, context.Certificate, context.SslPolicyErrors));
    }

    /// <summary>The TLS handshake on a connected socket: null when the broker is accepted, else why not.</summary>
    public static Exception? Handshake(Stream socket, string host, X509Certificate? caCert, MqttSslProtocols protocol, int timeoutMs)
    {
        using var tls = new SslStream(socket, leaveInnerStreamOpen: true, (_, certificate, _, errors) => Accepts(caCert, certificate, errors));
        var options = new SslClientAuthenticationOptions { TargetHost = host, EnabledSslProtocols = Protocols(protocol) };
        try
        {
            using var timeout = new CancellationTokenSource(timeoutMs);
            tls.AuthenticateAsClientAsync(options, timeout.Token).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            return e;
        }
    }

    private static bool Accepts(X509Certificate? caCert, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (caCert is null || presented is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var anchor = X509CertificateLoader.LoadCertificate(caCert.GetRawCertData());
        using var server = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(anchor);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }

    // MqttSslUtility.ToSslPlatformEnum: one protocol, as the firmware names it; None leaves the choice to the platform.
    private static SslProtocols Protocols(MqttSslProtocols protocol) => protocol switch
    {
        MqttSslProtocols.TLSv1_2 => SslProtocols.Tls12,
        MqttSslProtocols.TLSv1_3 => SslProtocols.Tls13,
        _ => SslProtocols.None,
    };
}
