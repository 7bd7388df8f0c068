using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Broker.Tls;

/// <summary>
/// The CA a first run creates when no broker certificate is configured, and the server certificate it issues: ECDSA
/// P-256 (mbedTLS on the ESP32, Mosquitto and .NET all verify it), the CA limited to signing certificates (path length
/// 0), the server certificate for TLS server authentication with the names boards dial as subject alternative names
/// (RFC 5280 §4.2.1.6; clients match those, not the subject CN). Files are PEM, 0600 in a 0700 folder, so the same
/// files serve the embedded broker and Mosquitto (cafile, certfile, keyfile).
/// </summary>
internal static class LocalCertificateAuthority
{
    public const string CaCertificateName = "ca.crt";
    public const string CaKeyName = "ca.key";
    public const string ServerCertificateName = "server.crt";
    public const string ServerKeyName = "server.key";

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(825);

    /// <summary>A server certificate closer than this to its end is issued again at start.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>Loads the CA and server certificate in <paramref name="folder"/>, creating what is missing, expiring or lacks a name.</summary>
    public static BrokerIdentity LoadOrCreate(string folder, IReadOnlyCollection<string> hostNames, TimeProvider time, out bool issued)
    {
        PrivateFiles.EnsureFolder(folder);
        // Two gateways started on one folder must not each create a CA and sign with the one the other overwrites.
        using FileStream held = FolderLock(Path.Combine(folder, ".lock"));
        string caFile = Path.Combine(folder, CaCertificateName);
        string caKeyFile = Path.Combine(folder, CaKeyName);
        string serverFile = Path.Combine(folder, ServerCertificateName);
        string serverKeyFile = Path.Combine(folder, ServerKeyName);
        DateTimeOffset now = time.GetUtcNow();
        issued = false;

        X509Certificate2 ca;
        if (File.Exists(caFile) && File.Exists(caKeyFile))
        {
            ca = X509Certificate2.CreateFromPemFile(caFile, caKeyFile);
        }
        else
        {
            ca = CreateCa(now);
            PrivateFiles.Write(caKeyFile, Pem(ca.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()));
            PrivateFiles.Write(caFile, Pem(ca.ExportCertificatePem()));
            File.Delete(serverFile);
            issued = true;
        }

        string[] names = Names(hostNames);
        if (File.Exists(serverFile) && File.Exists(serverKeyFile))
        {
            X509Certificate2 existing = X509Certificate2.CreateFromPemFile(serverFile, serverKeyFile);
            if (existing.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore && existing.Issuer == ca.Subject && Covers(existing, names))
            {
                return new BrokerIdentity(existing, PublicOnly(ca), caFile);
            }

            existing.Dispose();
        }

        X509Certificate2 server = Issue(ca, names, now);
        PrivateFiles.Write(serverKeyFile, Pem(server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()));
        PrivateFiles.Write(serverFile, Pem(server.ExportCertificatePem()));
        issued = true;
        return new BrokerIdentity(server, PublicOnly(ca), caFile);
    }

    /// <summary>PEM text as a file: ending in a newline, as openssl writes it (Mosquitto and mbedTLS read either).</summary>
    private static byte[] Pem(string text) => System.Text.Encoding.ASCII.GetBytes(text + "\n");

    private static FileStream FolderLock(string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                PrivateFiles.EnsureFile(path);
                return new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 200)
            {
                Thread.Sleep(50); // another process issues certificates: a few milliseconds of key generation
            }
        }
    }

    /// <summary>localhost, 127.0.0.1, ::1 and the configured names, without repeats.</summary>
    private static string[] Names(IReadOnlyCollection<string> hostNames) =>
        new[] { "localhost", "127.0.0.1", "::1" }.Concat(hostNames.Where(n => n.Length > 0)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private static X509Certificate2 CreateCa(DateTimeOffset now)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=IotStack local broker CA {now:yyyy-MM-dd}, O=IotStack", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now + CaLifetime);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string[] names, DateTimeOffset now)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=IotStack MQTT broker, O=IotStack", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // id-kp-serverAuth
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (string name in names)
        {
            if (IPAddress.TryParse(name, out IPAddress? address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build(false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER (RFC 5280 §4.1.2.2)
        DateTimeOffset notAfter = now + ServerLifetime < ca.NotAfter ? now + ServerLifetime : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        using X509Certificate2 signed = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    private static bool Covers(X509Certificate2 certificate, string[] names)
    {
        X509SubjectAlternativeNameExtension? san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return false;
        }

        var present = new HashSet<string>(san.EnumerateDnsNames(), StringComparer.OrdinalIgnoreCase);
        present.UnionWith(san.EnumerateIPAddresses().Select(a => a.ToString()));
        return names.All(n => present.Contains(IPAddress.TryParse(n, out IPAddress? a) ? a.ToString() : n));
    }

    private static X509Certificate2 PublicOnly(X509Certificate2 ca)
    {
        // Only the certificate leaves this class: the CA key stays in its file.
        X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(ca.RawData);
        ca.Dispose();
        return certificate;
    }
}
