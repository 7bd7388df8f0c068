using System.Net;
using System.Security.Cryptography.X509Certificates;
using IotStack.Gateway.Broker.Tls;
using IotStack.Gateway.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Gateway.Tests.Broker.Tls;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalCertificateAuthorityTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void LoadOrCreate_FirstRun_PrivateFilesAndAServerCertificateForTheLoopbackNamesSignedByTheCa()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("tls");

        BrokerIdentity identity = LocalCertificateAuthority.LoadOrCreate(folder, ["gw.plant.example", "10.1.2.3"], Clock, out bool issued);

        Assert.True(issued);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        foreach (string name in new[] { "ca.crt", "ca.key", "server.crt", "server.key" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, name)));
        }

        Assert.True(identity.Server.HasPrivateKey);
        Assert.False(identity.Ca.HasPrivateKey);
        X509SubjectAlternativeNameExtension san = identity.Server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost", "gw.plant.example"], san.EnumerateDnsNames().ToArray());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("10.1.2.3")], san.EnumerateIPAddresses().ToArray());
        Assert.True(CaPinning.Accepts(identity.Ca, identity.Server, System.Net.Security.SslPolicyErrors.None));
        Assert.Equal(identity.Ca.RawData, X509CertificateLoader.LoadCertificateFromFile(identity.CaFile).RawData);
    }

    [Fact]
    public void LoadOrCreate_SecondRun_KeepsTheCaAndCertificate_NewNameIssuesAnotherFromTheSameCa()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("tls");
        BrokerIdentity first = LocalCertificateAuthority.LoadOrCreate(folder, [], Clock, out _);

        BrokerIdentity again = LocalCertificateAuthority.LoadOrCreate(folder, [], Clock, out bool reissued);
        BrokerIdentity renamed = LocalCertificateAuthority.LoadOrCreate(folder, ["gw2"], Clock, out bool renamedIssued);

        Assert.False(reissued);
        Assert.Equal(first.Server.Thumbprint, again.Server.Thumbprint);
        Assert.True(renamedIssued);
        Assert.NotEqual(first.Server.Thumbprint, renamed.Server.Thumbprint);
        Assert.Equal(first.Ca.Thumbprint, renamed.Ca.Thumbprint);
        Assert.True(CaPinning.Accepts(first.Ca, renamed.Server, System.Net.Security.SslPolicyErrors.None));
    }

    [Fact]
    public void CaPinning_AnotherCasCertificate_Refused()
    {
        using var dir = new TempDirectory();
        BrokerIdentity ours = LocalCertificateAuthority.LoadOrCreate(dir.File("a"), [], Clock, out _);
        BrokerIdentity theirs = LocalCertificateAuthority.LoadOrCreate(dir.File("b"), [], Clock, out _);

        Assert.False(CaPinning.Accepts(ours.Ca, theirs.Server, System.Net.Security.SslPolicyErrors.None));
        Assert.False(CaPinning.Accepts(ours.Ca, ours.Server, System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch));
    }
}
