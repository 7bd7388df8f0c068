using IotStack.Cli.Client;
using IotStack.Cli.Commands;
using IotStack.Console.Tests.Support;

namespace IotStack.Console.Tests.Commands;

/// <summary><c>iotstack hosts run</c> through the running gateway to the harness's real sshd.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class HostsRunCommandTests(ConsoleGateway gateway)
{
    [Fact]
    public async Task RunAsync_AdminConfirms_RunsOnTheHostAndPrintsTheAuditedResult()
    {
        var output = new StringWriter();

        int code = await HostsRunCommand.RunAsync(Connection(TestUsers.AdminToken), ConsoleGateway.Host, "disk-usage", [], assumeYes: false,
            new StringReader("y\n"), output, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains($"Run 'disk-usage' on {ConsoleGateway.Host}? [y/N]", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{ConsoleGateway.Host} disk-usage: Succeeded (exit 0) audit #", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Filesystem", output.ToString(), StringComparison.Ordinal); // df's header, from the real host
    }

    [Fact]
    public async Task RunAsync_NotConfirmed_SendsNothing()
    {
        var output = new StringWriter();

        int code = await HostsRunCommand.RunAsync(Connection(TestUsers.AdminToken), ConsoleGateway.Host, "disk-usage", [], assumeYes: false,
            new StringReader("n\n"), output, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("Not run.", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("audit #", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownArgument_RefusedByTheAllowlist()
    {
        var output = new StringWriter();

        int code = await HostsRunCommand.RunAsync(Connection(TestUsers.AdminToken), ConsoleGateway.Host, "disk-usage", ["path=/; rm -rf /"], assumeYes: true,
            TextReader.Null, output, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("disk-usage: Refused", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OperatorToken_403WithRoleHint()
    {
        var output = new StringWriter();

        int code = await HostsRunCommand.RunAsync(Connection(TestUsers.OperatorToken), ConsoleGateway.Host, "disk-usage", [], assumeYes: true,
            TextReader.Null, output, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("403", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("admin runs host commands", output.ToString(), StringComparison.Ordinal);
    }

    private GatewayConnection Connection(string token) => new(gateway.BaseUrl, token);
}
