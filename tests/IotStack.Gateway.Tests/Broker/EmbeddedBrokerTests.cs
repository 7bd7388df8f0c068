using System.Diagnostics;
using System.Globalization;
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

    /// <summary>
    /// A fleet reconnecting at once after a restart must fit the kernel's accept queue: with MQTTnet's backlog of 100 the
    /// overflowing boards' handshakes were dropped (ListenOverflows) and those boards waited out their 60 s connect
    /// timeout (docs/security.md, bench). The backlog is what <c>ss</c> shows as a listener's Send-Q; Linux caps it at
    /// net.core.somaxconn.
    /// </summary>
    [Theory]
    [InlineData(null, 4096)]
    [InlineData("300", 300)]
    public async Task Start_ListenBacklog_DefaultHoldsAReconnectStormAndFollowsTheOption(string? configured, int expected)
    {
        using var dir = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["IotStack:Storage:SqlitePath"] = dir.File("g.db") };
        if (configured is not null)
        {
            settings["IotStack:Broker:ConnectionBacklog"] = configured;
        }

        await using TestGateway gateway = await TestGateway.StartAsync(settings);
        (_, int plain) = await gateway.BrokerAsync();
        int tls = gateway.App.Services.GetRequiredService<BrokerEndpoint>().TlsListener!.Port;
        int somaxconn = int.Parse(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(), CultureInfo.InvariantCulture);

        int[] backlogs = await ListenBacklogsAsync(plain, tls);

        Assert.Equal(4, backlogs.Length);
        Assert.All(backlogs, b => Assert.Equal(Math.Min(expected, somaxconn), b));
    }

    /// <summary>The listen backlog of every listener on the ports, from <c>ss -Hltn</c> (iproute2; column Send-Q).</summary>
    private static async Task<int[]> ListenBacklogsAsync(params int[] ports)
    {
        var start = new ProcessStartInfo("ss", ["-Hltn"]) { RedirectStandardOutput = true };
        using Process ss = Process.Start(start) ?? throw new InvalidOperationException("ss (iproute2) did not start");
        string output = await ss.StandardOutput.ReadToEndAsync();
        await ss.WaitForExitAsync();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 4 && ports.Any(p => f[3].EndsWith(":" + p.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)))
            .Select(f => int.Parse(f[2], CultureInfo.InvariantCulture))];
    }
}
