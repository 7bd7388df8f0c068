using System.Security.Cryptography.X509Certificates;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Broker.Tls;

/// <summary>
/// The embedded broker's TLS identity, read once on first use: the configured certificate, key and CA
/// (<c>Broker:Tls:CertificateFile</c>, <c>KeyFile</c>, <c>CaFile</c>) or the local CA's (<see cref="LocalCertificateAuthority"/>).
/// Enrolment hands <see cref="BrokerIdentity.CaFile"/> to boards. Only paths are logged.
/// </summary>
internal sealed partial class BrokerCertificates(IOptions<GatewayOptions> options, TimeProvider time, ILogger<BrokerCertificates> logger)
{
    private readonly Lazy<BrokerIdentity> _identity = new(() => Load(options.Value.Broker.Tls, time, logger));

    public BrokerIdentity Identity => _identity.Value;

    private static BrokerIdentity Load(BrokerTlsOptions tls, TimeProvider time, ILogger logger)
    {
        if (tls.CertificateFile.Length > 0)
        {
            X509Certificate2 server = X509Certificate2.CreateFromPemFile(tls.CertificateFile, tls.KeyFile);
            // A configured certificate without its CA: the server certificate itself is what boards pin.
            string caFile = tls.CaFile.Length > 0 ? tls.CaFile : tls.CertificateFile;
            X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            LogConfigured(logger, tls.CertificateFile, caFile);
            return new BrokerIdentity(server, ca, caFile);
        }

        BrokerIdentity identity = LocalCertificateAuthority.LoadOrCreate(tls.Folder, tls.HostNames, time, out bool issued);
        if (issued)
        {
            LogIssued(logger, Path.GetFullPath(identity.CaFile), string.Join(", ", SubjectNames(identity.Server)));
        }

        return identity;
    }

    private static IEnumerable<string> SubjectNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(a => a.ToString())));

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker TLS certificate {Certificate}; boards pin the CA in {CaFile}")]
    private static partial void LogConfigured(ILogger logger, string certificate, string caFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker TLS: issued a server certificate from the local CA for {Names}; boards pin the CA in {CaFile}")]
    private static partial void LogIssued(ILogger logger, string caFile, string names);
}
