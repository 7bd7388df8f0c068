using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Tests.Support;

namespace IotStack.Maintenance.Tests.Commands;

[Collection(LiveSshCollection.Name)]
public sealed class HostCommandRunnerTests
{
    private static Dictionary<string, string> Unit(string unit) => new() { ["unit"] = unit };

    [Fact]
    public async Task RunAsync_RestartService_RunsUnderSudoAndAudits()
    {
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")]);
        var unit = MaintenanceHarness.UniqueUnit("runner");

        var outcome = await harness.Runner.RunAsync("edge-1", "restart-service", Unit(unit), "alice", CancellationToken.None);

        Assert.Equal(CommandStatus.Succeeded, outcome.Status);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains($"uid=0 systemctl restart {unit}", MaintenanceHarness.SystemctlCalls());
        var audit = await harness.Audit.QueryAsync(new AuditQuery(Host: "edge-1"), CancellationToken.None);
        var entry = Assert.Single(audit);
        Assert.Equal("alice", entry.RequestedBy);
        Assert.Equal("restart-service", entry.Template);
        Assert.Equal($"sudo -n systemctl restart '{unit}'", entry.CommandText);
        Assert.Equal(CommandStatus.Succeeded, entry.Status);
        Assert.False(entry.Automatic);
        Assert.Equal(outcome.AuditId, entry.Id);
    }

    [Fact]
    public async Task RunAsync_CommandFailsOnHost_ReportsNonZeroExit()
    {
        // A failing command is a value, not an exception.
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")]);

        var outcome = await harness.Runner.RunAsync("edge-1", "tail-file",
            new Dictionary<string, string> { ["path"] = MaintenanceHarness.Ssh.WorkDir + "/does-not-exist.log" }, "alice", CancellationToken.None);

        Assert.Equal(CommandStatus.NonZeroExit, outcome.Status);
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("does-not-exist.log", outcome.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("restart-service", "nginx; reboot")]
    [InlineData("restart-service", "-H evil")]
    [InlineData("restart-service", "$(touch /tmp/pwned)")]
    [InlineData("rm -rf /", "x")]
    [InlineData("reboot; id", "x")]
    public async Task RunAsync_RefusedRequest_NeverConnectsAndIsAudited(string template, string unit)
    {
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")]);

        var outcome = await harness.Runner.RunAsync("edge-1", template, Unit(unit), "mallory", CancellationToken.None);

        Assert.Equal(CommandStatus.Refused, outcome.Status);
        Assert.Equal(0, harness.Connections.Attempts);
        var entry = Assert.Single(await harness.Audit.QueryAsync(new AuditQuery(RequestedBy: "mallory"), CancellationToken.None));
        Assert.Equal(CommandStatus.Refused, entry.Status);
        Assert.Equal("", entry.CommandText);
        Assert.False(string.IsNullOrEmpty(entry.Error));
    }

    [Fact]
    public async Task RunAsync_RefusedRequestToUnreachablePort_ReturnsRefusalNotConnectFailure()
    {
        // Port 1 on loopback refuses connections: had the runner tried, the status would be Unreachable.
        var host = MaintenanceHarness.LiveHost("nowhere");
        host.Port = 1;
        using var harness = new MaintenanceHarness([host]);

        var outcome = await harness.Runner.RunAsync("nowhere", "journal", new Dictionary<string, string> { ["unit"] = "x", ["lines"] = "1; reboot" }, "mallory", CancellationToken.None);

        Assert.Equal(CommandStatus.Refused, outcome.Status);
        Assert.Equal(0, harness.Connections.Attempts);
    }

    [Fact]
    public async Task RunAsync_HostKeyDoesNotMatchPin_RefusesWithClearError()
    {
        var host = MaintenanceHarness.LiveHost("spoofed");
        host.HostKeyFingerprint = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');
        using var harness = new MaintenanceHarness([host]);
        var unit = MaintenanceHarness.UniqueUnit("spoof");

        var outcome = await harness.Runner.RunAsync("spoofed", "restart-service", Unit(unit), "alice", CancellationToken.None);

        Assert.Equal(CommandStatus.HostKeyRejected, outcome.Status);
        Assert.Contains(MaintenanceHarness.Ssh.HostKeyFingerprint, outcome.Message, StringComparison.Ordinal);
        Assert.Contains("pinned", outcome.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MaintenanceHarness.SystemctlCalls(), line => line.Contains(unit, StringComparison.Ordinal));
        var entry = Assert.Single(await harness.Audit.QueryAsync(new AuditQuery(Host: "spoofed"), CancellationToken.None));
        Assert.Equal(CommandStatus.HostKeyRejected, entry.Status);
    }

    [Fact]
    public async Task RunAsync_NoPinnedKey_RefusesWithoutTrustOnFirstUse()
    {
        var host = MaintenanceHarness.LiveHost("new-host");
        host.HostKeyFingerprint = "";
        using var harness = new MaintenanceHarness([host]);

        var outcome = await harness.Runner.RunAsync("new-host", "disk-usage", new Dictionary<string, string>(), "alice", CancellationToken.None);

        Assert.Equal(CommandStatus.HostKeyRejected, outcome.Status);
        Assert.Contains("iotstack hosts trust new-host", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownHost_RefusedAndAudited()
    {
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")]);

        var outcome = await harness.Runner.RunAsync("edge-9", "disk-usage", new Dictionary<string, string>(), "alice", CancellationToken.None);

        Assert.Equal(CommandStatus.UnknownHost, outcome.Status);
        Assert.Equal(0, harness.Connections.Attempts);
        Assert.Single(await harness.Audit.QueryAsync(new AuditQuery(Status: CommandStatus.UnknownHost), CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_SecondCommand_ReusesPooledConnection()
    {
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")]);

        var first = await harness.Runner.RunAsync("edge-1", "disk-usage", new Dictionary<string, string>(), "alice", CancellationToken.None);
        var second = await harness.Runner.RunAsync("edge-1", "disk-usage", new Dictionary<string, string>(), "alice", CancellationToken.None);

        Assert.True(first.Succeeded, first.Summary);
        Assert.True(second.Succeeded, second.Summary);
        Assert.Contains("Filesystem", second.Output, StringComparison.Ordinal);
        Assert.False(first.ReusedConnection);
        Assert.True(second.ReusedConnection);
        Assert.Equal(1, harness.Connections.Attempts);
    }

    [Fact]
    public async Task RunAsync_OutputOverCap_IsTruncated()
    {
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")], configure: o => o.MaxOutputChars = 20);

        var outcome = await harness.Runner.RunAsync("edge-1", "disk-usage", new Dictionary<string, string>(), "alice", CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Summary);
        Assert.Equal(20, outcome.Output.Length);
        Assert.Equal("Output truncated.", outcome.Message);
    }

    [Fact]
    public async Task RunAsync_PortThatNeverAnswers_TimesOut()
    {
        using var silent = new SilentListener();
        var host = MaintenanceHarness.LiveHost("silent");
        host.Port = silent.Port;
        using var harness = new MaintenanceHarness([host], configure: o => o.CommandTimeout = TimeSpan.FromSeconds(1));

        var outcome = await harness.Runner.RunAsync("silent", "disk-usage", new Dictionary<string, string>(), "alice", CancellationToken.None);

        Assert.Equal(CommandStatus.TimedOut, outcome.Status);
        Assert.False(outcome.CommandSent);
        Assert.Equal(1, silent.Accepted);
    }
}
