using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Remediation;
using IotStack.Maintenance.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Maintenance.Tests.Remediation;

[Collection(LiveSshCollection.Name)]
public sealed class RemediationEngineTests
{
    private static RemediationRuleOptions RestartRule(string unit, int maxAttempts = 2) => new()
    {
        Name = "restart-agent",
        OnAlert = "agent-silent",
        Template = "restart-service",
        Arguments = new() { ["unit"] = unit },
        Cooldown = TimeSpan.FromMinutes(5),
        MaxAttempts = maxAttempts,
        AttemptWindow = TimeSpan.FromHours(1),
    };

    private static int Restarts(string unit) => MaintenanceHarness.SystemctlCalls().Count(l => l == $"uid=0 systemctl restart {unit}");

    [Fact]
    public async Task HandleAsync_AlertTwiceWithinCooldown_RestartsOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")], clock);
        var unit = MaintenanceHarness.UniqueUnit("remedy");
        var engine = new RemediationEngine([RestartRule(unit)], harness.Runner, new RecordingAlertSink(), clock, NullLogger<RemediationEngine>.Instance);
        var alert = new AlertSignal("agent-silent", Host: "edge-1");

        var first = Assert.Single(await engine.HandleAsync(alert, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(4));
        var second = Assert.Single(await engine.HandleAsync(alert, CancellationToken.None));

        Assert.Equal(RemediationAction.Executed, first.Action);
        Assert.True(first.Outcome!.Succeeded, first.Outcome.Summary);
        Assert.Equal(RemediationAction.CoolingDown, second.Action);
        Assert.Equal(clock.GetUtcNow().AddMinutes(1), second.NextAllowedAt);
        Assert.Equal(1, Restarts(unit));
        var audit = Assert.Single(await harness.Audit.QueryAsync(new AuditQuery(Automatic: true), CancellationToken.None));
        Assert.Equal("auto:remediation/restart-agent", audit.RequestedBy);
    }

    [Fact]
    public async Task HandleAsync_AttemptCapReached_EscalatesOnceAndStopsRestarting()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")], clock);
        var unit = MaintenanceHarness.UniqueUnit("cap");
        var sink = new RecordingAlertSink();
        var engine = new RemediationEngine([RestartRule(unit, maxAttempts: 2)], harness.Runner, sink, clock, NullLogger<RemediationEngine>.Instance);
        var alert = new AlertSignal("agent-silent", Host: "edge-1");

        var actions = new List<RemediationAction>();
        for (var i = 0; i < 4; i++)
        {
            actions.AddRange((await engine.HandleAsync(alert, CancellationToken.None)).Select(d => d.Action));
            clock.Advance(TimeSpan.FromMinutes(6));
        }

        Assert.Equal([RemediationAction.Executed, RemediationAction.Executed, RemediationAction.Escalated, RemediationAction.AlreadyEscalated], actions);
        Assert.Equal(2, Restarts(unit));
        var escalation = Assert.Single(sink.Escalations);
        Assert.Equal("edge-1", escalation.Host);
        Assert.Equal("agent-silent", escalation.AlertRule);
        Assert.Equal(2, escalation.Attempts);
    }

    [Fact]
    public async Task Resolve_AfterEscalation_AllowsAFreshAttempt()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")], clock);
        var unit = MaintenanceHarness.UniqueUnit("resolve");
        var engine = new RemediationEngine([RestartRule(unit, maxAttempts: 1)], harness.Runner, new RecordingAlertSink(), clock, NullLogger<RemediationEngine>.Instance);
        var alert = new AlertSignal("agent-silent", Host: "edge-1");
        await engine.HandleAsync(alert, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(RemediationAction.Escalated, Assert.Single(await engine.HandleAsync(alert, CancellationToken.None)).Action);

        engine.Resolve(alert);
        var after = Assert.Single(await engine.HandleAsync(alert, CancellationToken.None));

        Assert.Equal(RemediationAction.Executed, after.Action);
        Assert.Equal(2, Restarts(unit));
    }

    [Fact]
    public async Task HandleAsync_FailingLastAttempt_EscalatesWithOutcome()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var host = MaintenanceHarness.LiveHost("edge-1");
        host.Port = 1; // nothing listens: the command cannot run
        using var harness = new MaintenanceHarness([host], clock);
        var sink = new RecordingAlertSink();
        var engine = new RemediationEngine([RestartRule("agent.service", maxAttempts: 1)], harness.Runner, sink, clock, NullLogger<RemediationEngine>.Instance);

        var decision = Assert.Single(await engine.HandleAsync(new AlertSignal("agent-silent", Host: "edge-1"), CancellationToken.None));

        Assert.Equal(RemediationAction.Escalated, decision.Action);
        Assert.False(decision.Outcome!.Succeeded);
        Assert.Same(decision.Outcome, Assert.Single(sink.Escalations).LastOutcome);
    }

    [Fact]
    public async Task HandleAsync_OtherAlertOrDeviceGroup_DoesNothing()
    {
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")]);
        var rule = RestartRule("agent.service");
        rule.DeviceGroup = "greenhouse";
        var engine = new RemediationEngine([rule], harness.Runner, new RecordingAlertSink(), TimeProvider.System, NullLogger<RemediationEngine>.Instance);

        Assert.Empty(await engine.HandleAsync(new AlertSignal("disk-full", Host: "edge-1", DeviceGroup: "greenhouse"), CancellationToken.None));
        Assert.Empty(await engine.HandleAsync(new AlertSignal("agent-silent", Host: "edge-1", DeviceGroup: "barn"), CancellationToken.None));
        Assert.Equal(0, harness.Connections.Attempts);
    }

    [Fact]
    public void Constructor_RuleWithInjectedArgument_FailsAtStartup()
    {
        using var harness = new MaintenanceHarness([MaintenanceHarness.LiveHost("edge-1")]);

        Assert.Throws<MaintenanceConfigurationException>(() =>
            new RemediationEngine([RestartRule("agent;reboot")], harness.Runner, new RecordingAlertSink(), TimeProvider.System, NullLogger<RemediationEngine>.Instance));
    }
}
