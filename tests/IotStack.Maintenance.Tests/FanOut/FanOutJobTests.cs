using System.Collections.Concurrent;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.FanOut;
using IotStack.Maintenance.Hosts;
using IotStack.Maintenance.Tests.Support;

namespace IotStack.Maintenance.Tests.FanOut;

[Collection(LiveSshCollection.Name)]
public sealed class FanOutJobTests
{
    private static readonly Dictionary<string, string> NoArguments = [];

    private static List<HostOptions> LiveGroup(int count, string group = "edge") =>
        Enumerable.Range(1, count).Select(i => MaintenanceHarness.LiveHost($"edge-{i:00}", group)).ToList();

    private static HostOptions SilentHost(SilentListener silent, string name = "edge-dead", string group = "edge")
    {
        var host = MaintenanceHarness.LiveHost(name, group);
        host.Port = silent.Port;
        return host;
    }

    private sealed class CollectingProgress : IProgress<FanOutProgress>
    {
        public ConcurrentQueue<FanOutProgress> Reports { get; } = new();

        public void Report(FanOutProgress value) => Reports.Enqueue(value);
    }

    [Fact]
    public async Task RunAsync_OneHostNeverAnswers_OthersCompleteAndTableSaysWhy()
    {
        using var silent = new SilentListener();
        var hosts = LiveGroup(8);
        hosts.Add(SilentHost(silent));
        using var harness = new MaintenanceHarness(hosts);
        var progress = new CollectingProgress();
        var job = harness.FanOut(new FanOutRequest("edge", "disk-usage", NoArguments, "alice",
            MaxConcurrency: 4, PerHostTimeout: TimeSpan.FromSeconds(4), Retries: 1, RetryDelay: TimeSpan.FromMilliseconds(50), FailureThreshold: 0.5));

        var result = await job.RunAsync(progress, CancellationToken.None);

        Assert.False(result.Halted, result.ToTable());
        Assert.Equal(8, result.Succeeded);
        var dead = Assert.Single(result.Hosts, h => h.State == FanOutHostState.Failed);
        Assert.Equal("edge-dead", dead.Host);
        Assert.Equal(2, dead.Attempts);
        Assert.Equal(CommandStatus.TimedOut, dead.Outcome!.Status);
        Assert.Equal(2, silent.Accepted);
        Assert.Contains("edge-dead", result.ToTable(), StringComparison.Ordinal);
        Assert.Contains("TimedOut", result.ToTable(), StringComparison.Ordinal);
        Assert.Contains(progress.Reports, p => p.Host == "edge-dead" && p.State == FanOutHostState.Retrying);
        Assert.Equal(9, progress.Reports.Max(p => p.Finished));
    }

    [Fact]
    public async Task RunAsync_CanaryFails_RestNeverStart()
    {
        using var silent = new SilentListener();
        var hosts = LiveGroup(3);
        hosts.Add(SilentHost(silent));
        using var harness = new MaintenanceHarness(hosts);
        var job = harness.FanOut(new FanOutRequest("edge", "disk-usage", NoArguments, "alice",
            PerHostTimeout: TimeSpan.FromSeconds(1), Retries: 0, CanaryHost: "edge-dead"));

        var result = await job.RunAsync(null, CancellationToken.None);

        Assert.True(result.Halted);
        Assert.Contains("Canary edge-dead failed", result.HaltReason, StringComparison.Ordinal);
        Assert.Equal(3, result.Skipped);
        Assert.Equal(0, result.Succeeded);
        Assert.Equal(0, harness.Connections.Attempts - 1); // only the canary tried to connect
    }

    [Fact]
    public async Task RunAsync_ApprovalRefused_OnlyCanaryRan()
    {
        using var harness = new MaintenanceHarness(LiveGroup(4));
        FanOutApprovalRequest? asked = null;
        var job = harness.FanOut(new FanOutRequest("edge", "disk-usage", NoArguments, "alice",
            Approval: (request, _) => { asked = request; return ValueTask.FromResult(false); }));

        var result = await job.RunAsync(null, CancellationToken.None);

        Assert.NotNull(asked);
        Assert.Equal(3, asked.RemainingHosts);
        Assert.True(asked.CanaryOutcome.Succeeded);
        Assert.True(result.Halted);
        Assert.Equal(1, result.Succeeded);
        Assert.Equal(3, result.Skipped);
        Assert.True(Assert.Single(result.Hosts, h => h.State == FanOutHostState.Succeeded).Canary);
    }

    [Fact]
    public async Task RunAsync_ApprovalGranted_AllRunWithRestartUnderSudo()
    {
        using var harness = new MaintenanceHarness(LiveGroup(5));
        var unit = MaintenanceHarness.UniqueUnit("fanout");
        var job = harness.FanOut(new FanOutRequest("edge", "restart-service", new Dictionary<string, string> { ["unit"] = unit }, "alice",
            MaxConcurrency: 3, Approval: (_, _) => ValueTask.FromResult(true)));

        var result = await job.RunAsync(null, CancellationToken.None);

        Assert.False(result.Halted, result.HaltReason);
        Assert.Equal(5, result.Succeeded);
        Assert.Equal(5, MaintenanceHarness.SystemctlCalls().Count(l => l == $"uid=0 systemctl restart {unit}"));
    }

    [Fact]
    public async Task RunAsync_FailuresPassThreshold_HaltsAndSkipsTheRest()
    {
        // Wrong pins fail fast and deterministically; with concurrency 1 the order is fixed: canary ok, then two failures halt.
        var hosts = LiveGroup(6);
        foreach (var host in hosts.Skip(1))
        {
            host.HostKeyFingerprint = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');
        }

        using var harness = new MaintenanceHarness(hosts);
        var job = harness.FanOut(new FanOutRequest("edge", "disk-usage", NoArguments, "alice", MaxConcurrency: 1, FailureThreshold: 0.25));

        var result = await job.RunAsync(null, CancellationToken.None);

        Assert.True(result.Halted);
        Assert.Equal(1, result.Succeeded);
        Assert.Equal(2, result.Failed);
        Assert.Equal(3, result.Skipped);
        Assert.All(result.Hosts.Where(h => h.State == FanOutHostState.Failed), h => Assert.Equal(CommandStatus.HostKeyRejected, h.Outcome!.Status));
    }

    [Fact]
    public async Task RunAsync_InjectedArgument_RefusedBeforeAnyConnection()
    {
        using var harness = new MaintenanceHarness(LiveGroup(3));
        var job = harness.FanOut(new FanOutRequest("edge", "restart-service", new Dictionary<string, string> { ["unit"] = "x;reboot" }, "mallory"));

        var result = await job.RunAsync(null, CancellationToken.None);

        Assert.True(result.Halted);
        Assert.Equal(0, harness.Connections.Attempts);
        Assert.Empty(result.Hosts);
    }

    [Fact]
    public async Task RunAsync_NonIdempotentTemplateLostMidCommand_IsNotRetried()
    {
        var template = new CommandCatalog([]).Find("reboot")!;
        var outcome = new CommandOutcome("h", "reboot", CommandStatus.ConnectionLost, null, "", "", TimeSpan.Zero, "lost", CommandSent: true);

        Assert.False(outcome.IsRetryable(template));
        Assert.True((outcome with { CommandSent = false }).IsRetryable(template));
        await Task.CompletedTask;
    }
}
