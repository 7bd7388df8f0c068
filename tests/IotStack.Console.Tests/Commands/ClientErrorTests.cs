using System.Net;
using System.Net.Sockets;
using IotStack.Console.Tests.Support;
using IotStack.Gateway.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Console.Tests.Commands;

/// <summary>
/// The CLI, run as a process against a live gateway, says what is wrong and exits non-zero for the mistakes users
/// make: an unknown alert, device, channel, campaign or release, and a port another gateway already holds.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ClientErrorTests(ConsoleGateway gateway) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("iotstack-cli-").FullName;

    private Dictionary<string, string> Env => new() { ["IOTSTACK_URL"] = gateway.BaseUrl, ["IOTSTACK_TOKEN"] = TestUsers.OperatorToken };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AlertsAck_UnknownAlert_SaysSoAndExits1()
    {
        var (exit, output, _) = await CliProcess.RunAsync(_folder, Env, "alerts", "ack", "999999");

        Assert.Equal(1, exit);
        Assert.Contains("No alert #999999", output, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP 404", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsAck_ResolvedAlert_SaysItWasResolvedAndExits1()
    {
        AlertEngine engine = gateway.Services.GetRequiredService<AlertEngine>();
        AlertRecord raised = await engine.RaiseAsync(new AlertSignal("cli-ack-" + Guid.NewGuid().ToString("N")[..6], 1, AlertRules.AboveMax, AlertSeverity.Warning, 99, "test breach"), CancellationToken.None);
        await engine.ResolveAsync(raised.Id, "olga", CancellationToken.None);

        var (exit, output, _) = await CliProcess.RunAsync(_folder, Env, "alerts", "ack", raised.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, exit);
        Assert.Contains($"Alert #{raised.Id} was resolved already (by olga)", output, StringComparison.Ordinal);
        Assert.DoesNotContain(await engine.SnapshotActiveAsync(CancellationToken.None), a => a.Id == raised.Id);
    }

    [Fact]
    public async Task TokenFileNamedButMissing_SaysSoAndExits1()
    {
        var env = new Dictionary<string, string> { ["IOTSTACK_URL"] = gateway.BaseUrl };
        const string missing = "no-such-token";   // relative to the CLI's folder

        var (exit, output, _) = await CliProcess.RunAsync(_folder, env, "devices", "--token-file", missing);

        Assert.Equal(1, exit);
        Assert.Contains($"Token file '{missing}' not found.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("401", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_UnknownDevice_SaysSoAndExits1()
    {
        var (exit, output, _) = await CliProcess.RunAsync(_folder, Env, "series", "no-such-board");

        Assert.Equal(1, exit);
        Assert.Contains("No device 'no-such-board'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_ChannelTheDeviceNeverSent_SaysSoAndExits1()
    {
        var (exit, output, _) = await CliProcess.RunAsync(_folder, Env, "series", ConsoleGateway.SpikingDevice, "--channel", "77");
        var (known, _, _) = await CliProcess.RunAsync(_folder, Env, "series", ConsoleGateway.SpikingDevice, "--channel", "1");

        Assert.Equal(1, exit);
        Assert.Contains($"'{ConsoleGateway.SpikingDevice}' has no data on channel 77", output, StringComparison.Ordinal);
        Assert.Equal(0, known);
    }

    [Fact]
    public async Task OtaStatus_UnknownCampaign_SaysSoAndExits1()
    {
        var (exit, _, error) = await CliProcess.RunAsync(_folder, Env, "ota", "status", "no-such-campaign");

        Assert.Equal(1, exit);
        Assert.Contains("No campaign 'no-such-campaign'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unrecognized command or argument 'devics'", "iotstack --help", "devics")]
    [InlineData("Cannot parse argument 'abc'", "iotstack alerts ack --help", "alerts", "ack", "abc")]
    [InlineData("Argument 'bogus' not recognized. Must be one of: 'info'", "iotstack alerts --help", "alerts", "--min-severity", "bogus")]
    public async Task Mistyped_CommandOrValue_OneLineOnStderrNamingTheCommandsHelpAndExit1(string expected, string help, params string[] args)
    {
        var (exit, output, error) = await CliProcess.RunAsync(_folder, Env, args);

        Assert.Equal(1, exit);
        string line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.EndsWith($"See `{help}`.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtaReleases_BoardWithoutReleases_SaysSoAndExits1()
    {
        var (exit, _, error) = await CliProcess.RunAsync(_folder, Env, "ota", "releases", "--board", "no-such-board", "--store", Path.Combine(_folder, "releases"));

        Assert.Equal(1, exit);
        Assert.Contains("No releases for board 'no-such-board'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_HttpPortInUse_OneLineAndExit3()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (exit, output, error) = await CliProcess.RunAsync(_folder, new Dictionary<string, string>(), "gateway",
            $"--IotStack:Http:Urls=http://127.0.0.1:{port}", "--IotStack:Broker:Port=0", $"--IotStack:Storage:SqlitePath={Path.Combine(_folder, "gw.db")}");

        Assert.Equal(3, exit);
        string line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"http://127.0.0.1:{port} is in use: another gateway running?", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }
}
