using IotStack.Gateway.Alerts;
using IotStack.Gateway.Options;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Gateway.Timeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Gateway.Tests.Alerts;

public sealed class AlertEngineTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
    private readonly RecordingNotifier _notifier = new();
    private readonly SqliteGatewayStore _store;
    private readonly AlertEngine _engine;

    public AlertEngineTests()
    {
        _store = new SqliteGatewayStore(_dir.File("alerts.db"));
        var options = new GatewayOptions
        {
            Alerts = new AlertOptions
            {
                ClearAfter = TimeSpan.FromSeconds(30),
                ReminderInterval = TimeSpan.FromMinutes(5),
                EscalateAfter = TimeSpan.FromMinutes(12),
                FlapThreshold = 3,
                FlapWindow = TimeSpan.FromMinutes(10),
            },
        };
        _engine = new AlertEngine(_store, new StoreTimeline(_store), _notifier, _time, Microsoft.Extensions.Options.Options.Create(options), NullLogger<AlertEngine>.Instance);
    }

    public Task InitializeAsync() => _store.InitializeAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    private static AlertSignal Hot(string device = "d1", AlertSeverity severity = AlertSeverity.Warning) =>
        new(device, 1, AlertRules.AboveMax, severity, 40, "too hot");

    private async Task AdvanceAsync(TimeSpan by, TimeSpan step)
    {
        for (TimeSpan done = TimeSpan.Zero; done < by; done += step)
        {
            _time.Advance(step);
            await _engine.TickAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task RaiseAsync_RepeatedSignal_OneAlertCounted()
    {
        AlertRecord first = await _engine.RaiseAsync(Hot(), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        AlertRecord second = await _engine.RaiseAsync(Hot(), CancellationToken.None);
        await _engine.TickAsync(CancellationToken.None);

        Assert.Equal(first.Id, second.Id);
        AlertRecord stored = Assert.Single(await _store.ReadAlertsAsync(new AlertQuery(), CancellationToken.None));
        Assert.Equal(2, stored.SignalCount);
        Assert.Equal(1, _notifier.Count("opened"));
    }

    [Fact]
    public async Task RaiseAsync_OtherDeviceOrRule_SeparateAlerts()
    {
        await _engine.RaiseAsync(Hot("d1"), CancellationToken.None);
        await _engine.RaiseAsync(Hot("d2"), CancellationToken.None);
        await _engine.RaiseAsync(Hot("d1") with { Rule = AlertRules.RateOfChange }, CancellationToken.None);

        Assert.Equal(3, _engine.ActiveCount);
    }

    [Fact]
    public async Task TickAsync_QuietForClearAfter_ResolvedAutomatically()
    {
        AlertRecord alert = await _engine.RaiseAsync(Hot(), CancellationToken.None);

        await AdvanceAsync(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5));
        Assert.Equal(AlertStatus.Open, (await _store.ReadAlertAsync(alert.Id, CancellationToken.None))!.Status);
        await AdvanceAsync(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5));

        AlertRecord resolved = (await _store.ReadAlertAsync(alert.Id, CancellationToken.None))!;
        Assert.Equal((AlertStatus.Resolved, "auto"), (resolved.Status, resolved.ResolvedBy));
        Assert.Equal(0, _engine.ActiveCount);
    }

    [Fact]
    public async Task AcknowledgeAsync_OpenAlert_StopsRemindersAndEscalation()
    {
        AlertRecord alert = await _engine.RaiseAsync(Hot(), CancellationToken.None);
        await _engine.AcknowledgeAsync(alert.Id, "ops", CancellationToken.None);

        // Keep the condition alive for 30 minutes: no reminder, no escalation once acknowledged.
        for (int i = 0; i < 90; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            await _engine.RaiseAsync(Hot(), CancellationToken.None);
            await _engine.TickAsync(CancellationToken.None);
        }

        AlertRecord stored = (await _store.ReadAlertAsync(alert.Id, CancellationToken.None))!;
        Assert.Equal((AlertStatus.Acknowledged, AlertSeverity.Warning), (stored.Status, stored.Severity));
        Assert.Equal(0, _notifier.Count("reminder"));
        Assert.Equal(0, _notifier.Count("escalated"));
    }

    [Fact]
    public async Task TickAsync_Unacknowledged_RemindsAndEscalates()
    {
        AlertRecord alert = await _engine.RaiseAsync(Hot(), CancellationToken.None);
        for (int i = 0; i < 45; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            await _engine.RaiseAsync(Hot(), CancellationToken.None);
            await _engine.TickAsync(CancellationToken.None);
        }

        AlertRecord stored = (await _store.ReadAlertAsync(alert.Id, CancellationToken.None))!;
        Assert.Equal(AlertSeverity.Critical, stored.Severity);
        Assert.True(_notifier.Count("reminder") >= 1);
        Assert.Equal(1, _notifier.Count("escalated"));
    }

    [Fact]
    public async Task RaiseAsync_InfoSignal_RecordedAndResolvedWithoutNotifying()
    {
        AlertRecord alert = await _engine.RaiseAsync(Hot(severity: AlertSeverity.Info), CancellationToken.None);
        await AdvanceAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(20));
        Assert.Equal(AlertStatus.Resolved, (await _store.ReadAlertAsync(alert.Id, CancellationToken.None))!.Status);

        // Held open past a reminder interval by repeated signals: still nobody is paged for it.
        AlertRecord held = await _engine.RaiseAsync(Hot(severity: AlertSeverity.Info), CancellationToken.None);
        for (int i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            await _engine.RaiseAsync(Hot(severity: AlertSeverity.Info), CancellationToken.None);
            await _engine.TickAsync(CancellationToken.None);
        }

        Assert.Equal(AlertStatus.Open, (await _store.ReadAlertAsync(held.Id, CancellationToken.None))!.Status);
        Assert.Empty(_notifier.Sent);
        Assert.Contains(await new StoreTimeline(_store).ReadAsync("d1", null, 50), e => e.Kind == TimelineKinds.Alert);
    }

    [Fact]
    public async Task TickAsync_InfoAlertLeftOpen_NotifiesOnceItEscalatesToWarning()
    {
        await _engine.RaiseAsync(Hot(severity: AlertSeverity.Info), CancellationToken.None);
        for (int i = 0; i < 40; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            await _engine.RaiseAsync(Hot(severity: AlertSeverity.Info), CancellationToken.None);
            await _engine.TickAsync(CancellationToken.None);
        }

        // EscalateAfter is 12 minutes: an unacknowledged Info alert becomes a Warning and pages from then on.
        Assert.Equal(0, _notifier.Count("opened"));
        Assert.Equal(1, _notifier.Count("escalated"));
        Assert.Equal(AlertSeverity.Warning, _notifier.Sent.Single(n => n.Event == "escalated").Alert.Severity);
    }

    [Fact]
    public async Task TickAsync_PagedAlertDeEscalatedToInfo_StillNotifiesItsResolution()
    {
        await _engine.RaiseAsync(Hot(), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30));
        await _engine.RaiseAsync(Hot(severity: AlertSeverity.Info), CancellationToken.None);
        await AdvanceAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));

        Assert.Equal(["opened", "de-escalated", "resolved"], _notifier.Sent.Select(n => n.Event));
    }

    [Fact]
    public async Task ActiveAt_FollowsOpeningEscalationAndResolution_AndIsExportedBySeverity()
    {
        var metrics = new Gateway.Metrics.GatewayMetrics { OpenAlertsAt = _engine.ActiveAt };
        await _engine.RaiseAsync(Hot("d1", AlertSeverity.Info), CancellationToken.None);
        AlertRecord warning = await _engine.RaiseAsync(Hot("d2"), CancellationToken.None);
        Assert.Equal((1, 1, 0), (_engine.ActiveAt(AlertSeverity.Info), _engine.ActiveAt(AlertSeverity.Warning), _engine.ActiveAt(AlertSeverity.Critical)));

        // d1 keeps signalling past EscalateAfter (12 min): Info -> Warning; d2 is resolved by an operator.
        await _engine.ResolveAsync(warning.Id, "olga", CancellationToken.None);
        for (int i = 0; i < 40; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            await _engine.RaiseAsync(Hot("d1", AlertSeverity.Info), CancellationToken.None);
            await _engine.TickAsync(CancellationToken.None);
        }

        Assert.Equal((0, 1, 0), (_engine.ActiveAt(AlertSeverity.Info), _engine.ActiveAt(AlertSeverity.Warning), _engine.ActiveAt(AlertSeverity.Critical)));
        IReadOnlyDictionary<string, double> exported = Support.InstrumentReadings.Of(metrics);
        Assert.Equal(0, exported["iotstack_alerts_open_by_severity{severity=\"info\"}"]);
        Assert.Equal(1, exported["iotstack_alerts_open_by_severity{severity=\"warning\"}"]);
    }

    [Fact]
    public async Task RaiseAsync_LowerSeverityAfterTheDwell_DeEscalates()
    {
        AlertRecord alert = await _engine.RaiseAsync(Hot(severity: AlertSeverity.Critical), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(10));
        await _engine.RaiseAsync(Hot(severity: AlertSeverity.Warning), CancellationToken.None);
        Assert.Equal(AlertSeverity.Critical, (await _store.ReadAlertAsync(alert.Id, CancellationToken.None))!.Severity);

        // SeverityDwell (30 s) after the last Critical signal, a Warning signal de-escalates.
        _time.Advance(TimeSpan.FromSeconds(20));
        await _engine.RaiseAsync(Hot(severity: AlertSeverity.Warning), CancellationToken.None);

        Assert.Equal(AlertSeverity.Warning, (await _store.ReadAlertAsync(alert.Id, CancellationToken.None))!.Severity);
        Assert.Equal(1, _notifier.Count("de-escalated"));
    }

    [Fact]
    public async Task RaiseAsync_SeverityAlternatingTwiceASecond_EscalatesOnceAndNeverFlaps()
    {
        // The demo's spike: a value hovering at a severity boundary used to escalate and de-escalate twice a second.
        await _engine.RaiseAsync(Hot(severity: AlertSeverity.Warning), CancellationToken.None);
        for (int i = 0; i < 48; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await _engine.RaiseAsync(Hot(severity: i % 2 == 0 ? AlertSeverity.Critical : AlertSeverity.Warning), CancellationToken.None);
        }

        Assert.Equal(1, _notifier.Count("escalated"));
        Assert.Equal(0, _notifier.Count("de-escalated"));
        IReadOnlyList<Timeline.TimelineEvent> events = await new StoreTimeline(_store).ReadAsync("d1", null, 100, CancellationToken.None);
        Assert.Single(events, e => e.Summary.Contains("escalated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_ThenSignal_NewAlert()
    {
        AlertRecord first = await _engine.RaiseAsync(Hot(), CancellationToken.None);
        AlertRecord? resolved = await _engine.ResolveAsync(first.Id, "ops", CancellationToken.None);
        AlertRecord second = await _engine.RaiseAsync(Hot(), CancellationToken.None);

        Assert.Equal((AlertStatus.Resolved, "ops"), (resolved!.Status, resolved.ResolvedBy));
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task TickAsync_RaisedAndClearedRepeatedly_HeldOpenAsFlapping()
    {
        for (int cycle = 0; cycle < 6; cycle++)
        {
            await _engine.RaiseAsync(Hot(), CancellationToken.None);
            await AdvanceAsync(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10));
        }

        var alerts = await _store.ReadAlertsAsync(new AlertQuery(), CancellationToken.None);
        // Three open/clear cycles, then one alert held open instead of three more.
        Assert.Equal(3, alerts.Count);
        AlertRecord last = alerts[0];
        Assert.True(last.Flapping);
        Assert.Equal(AlertStatus.Open, last.Status);
        Assert.Equal(3, _notifier.Count("opened"));

        await AdvanceAsync(TimeSpan.FromMinutes(11), TimeSpan.FromSeconds(30));
        Assert.Equal(AlertStatus.Resolved, (await _store.ReadAlertAsync(last.Id, CancellationToken.None))!.Status);
    }

    [Theory]
    [InlineData(AlertRules.DeviceOffline, 0)]
    [InlineData(AlertRules.SensorStuck, 2)]
    public async Task ClearAsync_ConditionSilenceProvesNothingAbout_OnlyExplicitClearResolves(string rule, int channel)
    {
        // Silence (an outage, a sensor that stops answering) is no evidence that the board is back or that a stuck
        // sensor moves again: those alerts stay open until the explicit clear.
        var signal = new AlertSignal("d1", channel, rule, AlertSeverity.Warning, 0, "condition");
        AlertRecord alert = await _engine.RaiseAsync(signal, CancellationToken.None);

        await AdvanceAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30));
        Assert.True((await _store.ReadAlertAsync(alert.Id, CancellationToken.None))!.IsActive);
        await _engine.ClearAsync("d1", channel, rule, CancellationToken.None);

        Assert.Equal(AlertStatus.Resolved, (await _store.ReadAlertAsync(alert.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task LoadAsync_AfterRestart_DeduplicatesAgainstStoredAlert()
    {
        AlertRecord first = await _engine.RaiseAsync(Hot(), CancellationToken.None);
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions());
        var restarted = new AlertEngine(_store, new StoreTimeline(_store), _notifier, _time, options, NullLogger<AlertEngine>.Instance);
        await restarted.LoadAsync(CancellationToken.None);

        AlertRecord again = await restarted.RaiseAsync(Hot(), CancellationToken.None);

        Assert.Equal(first.Id, again.Id);
    }
}
