using System.Net;
using System.Net.NetworkInformation;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Tls;
using IotStack.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace IotStack.Gateway.Tests.Broker;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EmbeddedBrokerTests
{
    [Fact]
    public async Task Start_Defaults_ListensOnlyOnLoopbackIPv4AndIPv6_PlainAndTls()
    {
        using var dir = new TempDirectory();
        await using TestGateway gateway = await TestGateway.StartAsync(new() { ["IotStack:Storage:SqlitePath"] = dir.File("g.db") });
        BrokerEndpoint endpoint = gateway.App.Services.GetRequiredService<BrokerEndpoint>();
        (_, int plain) = await gateway.BrokerAsync();
        BrokerConnection tls = endpoint.TlsListener!;

        IPEndPoint[] listening = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners()
            .Where(l => l.Port == plain || l.Port == tls.Port).ToArray();

        Assert.Equal(4, listening.Length);
        Assert.All(listening, l => Assert.True(IPAddress.IsLoopback(l.Address), $"{l} is not loopback"));
        Assert.Contains(listening, l => l.Address.Equals(IPAddress.IPv6Loopback) && l.Port == tls.Port);
    }

    [Fact]
    public async Task Connect_Tls_PinnedCaAccepted_AnotherCaRefused()
    {
        using var dir = new TempDirectory();
        await using TestGateway gateway = await TestGateway.StartAsync(new()
        {
            ["IotStack:Storage:SqlitePath"] = dir.File("g.db"),
            ["IotStack:Broker:Tls:Folder"] = dir.File("tls"),
        });
        BrokerConnection tls = gateway.App.Services.GetRequiredService<BrokerEndpoint>().TlsListener!;
        BrokerIdentity other = LocalCertificateAuthority.LoadOrCreate(dir.File("other-ca"), [], TimeProvider.System, out _);
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();

        await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(
            (tls with { Ca = other.Ca }).CreateOptions().WithClientId("wrong-ca").WithTimeout(TimeSpan.FromSeconds(10)).Build()));
        var (user, secret) = gateway.IssueBoard("tls", "right-ca");
        MqttClientConnectResult result = await client.ConnectAsync(tls.CreateOptions().WithCredentials(user, secret).WithClientId(user).WithTimeout(TimeSpan.FromSeconds(10)).Build());

        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.Equal(File.ReadAllText(dir.File("tls/ca.crt")), tls.Ca!.ExportCertificatePem() + "\n");
    }

    [Fact]
    public async Task Start_Tls_DataFilesPrivate()
    {
        using var dir = new TempDirectory();
        string data = Path.Combine(dir.Path, "data");
        await using TestGateway gateway = await TestGateway.StartAsync(new() { ["IotStack:Storage:SqlitePath"] = Path.Combine(data, "g.db") });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "g.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "tls", "server.key")));
    }
}
