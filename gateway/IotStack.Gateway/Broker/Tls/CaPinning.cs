using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace IotStack.Gateway.Broker.Tls;

/// <summary>
/// Accepts a broker certificate only when it chains to the one pinned CA (not the machine's trust store) and names the
/// host dialled: a certificate from any other CA, even a publicly trusted one, is refused.
/// </summary>
internal static class CaPinning
{
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
        // A local CA publishes no revocation list; revoking a broker certificate means issuing a new CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
