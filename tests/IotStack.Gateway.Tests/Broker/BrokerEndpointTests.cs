using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Tls;
using IotStack.Gateway.Tests.Support;

namespace IotStack.Gateway.Tests.Broker;

/// <summary>Where boards are told to connect, as the credential and enrolment-token answers give it.</summary>
public sealed class BrokerEndpointTests
{
    [Fact]
    public void ForBoards_TlsListenerWithCa_TlsPortAndTheCaToPin()
    {
        using var dir = new TempDirectory();
        BrokerIdentity identity = LocalCertificateAuthority.LoadOrCreate(dir.File("tls"), [], TimeProvider.System, out _);
        var endpoint = new BrokerEndpoint();
        endpoint.Set(new BrokerConnection("127.0.0.1", 1883), new BrokerConnection("localhost", 8883, identity.Ca));

        var broker = endpoint.ForBoards();

        Assert.Equal(("localhost", (int?)8883, identity.Ca.ExportCertificatePem()), broker);
        identity.Ca.Dispose();
    }

    [Fact]
    public void ForBoards_PlainOnly_PlainEndpointNoCaAndNothingBeforeItListens()
    {
        var endpoint = new BrokerEndpoint();
        var before = endpoint.ForBoards();
        endpoint.Set("127.0.0.1", 1883);

        Assert.Equal(((string?)null, (int?)null, (string?)null), before);
        Assert.Equal(("127.0.0.1", (int?)1883, (string?)null), endpoint.ForBoards());
    }
}
