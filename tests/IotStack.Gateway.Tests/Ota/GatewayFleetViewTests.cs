using IotStack.Gateway.Alerts;
using IotStack.Gateway.Ota;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Maintenance.Logs;
using IotStack.Ota.Rollouts;
using IotStack.Protocol;
using Microsoft.Extensions.Time.Testing;
using LogRecord = IotStack.Maintenance.Logs.LogRecord;

namespace IotStack.Gateway.Tests.Ota;

public sealed class GatewayFleetViewTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private SqliteGatewayStore _store = null!;
    private GatewayFleetView _view = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteGatewayStore(_dir.File("view.db"));
        await _store.InitializeAsync(CancellationToken.None);
        await _store.UpsertDeviceAsync(new DeviceRecord("a1", "north") { Board = "virtual", Firmware = "1.0.0", State = DeviceState.Online, LastSeen = Now }, CancellationToken.None);
        await _store.UpsertDeviceAsync(new DeviceRecord("a2", "north") { Board = "esp32", Firmware = "1.0.0", State = DeviceState.Offline, LastSeen = Now }, CancellationToken.None);
        await _store.UpsertDeviceAsync(new DeviceRecord("b1", "south") { Board = "virtual", Firmware = "1.1.0", State = DeviceState.Online, LastSeen = Now }, CancellationToken.None);
        _view = new GatewayFleetView(_store, _store);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("all", "a1,a2,b1")]
    [InlineData("north", "a1,a2")]
    [InlineData("fleet:south", "b1")]
    [InlineData("board:virtual", "a1,b1")]
    [InlineData("nobody", "")]
    public async Task Members_Group_DevicesOfThatGroupWithVersions(string group, string expected)
    {
        await _view.RefreshAsync(CancellationToken.None);

        IReadOnlyList<DeviceRef> members = _view.Members(group);

        Assert.Equal(expected, string.Join(',', members.Select(m => m.Device).Order(StringComparer.Ordinal)));
        Assert.All(members, m => Assert.NotNull(m.Version));
    }

    [Fact]
    public async Task Measure_AlertsAndOfflineDevices_RatesPerDeviceHourIgnoringOfflineAlerts()
    {
        await _store.SaveAlertAsync(Alert("a1", AlertRules.AboveMax, Now.AddMinutes(-30)), CancellationToken.None);
        await _store.SaveAlertAsync(Alert("a2", AlertRules.DeviceOffline, Now.AddMinutes(-20)), CancellationToken.None);
        await _store.SaveAlertAsync(Alert("a1", AlertRules.BelowMin, Now.AddHours(-3)), CancellationToken.None);
        await _view.RefreshAsync(CancellationToken.None);

        HealthSnapshot health = _view.Measure([new DeviceRef("north", "a1"), new DeviceRef("north", "a2")], Now.AddHours(-1), Now);

        Assert.Equal(2, health.Devices);
        Assert.Equal(0.5, health.AnomalyRate, 6); // one counted alert, two devices, one hour
        Assert.Equal(0.5, health.HeartbeatLoss, 6); // a2 offline
    }

    [Fact]
    public async Task RefreshAsync_WithoutHealth_MembershipCurrentAlertsNotRead()
    {
        await _store.SaveAlertAsync(Alert("a1", AlertRules.AboveMax, Now.AddMinutes(-30)), CancellationToken.None);
        await _store.UpsertDeviceAsync(new DeviceRecord("a3", "north") { Board = "virtual", Firmware = "1.0.0", State = DeviceState.Online, LastSeen = Now }, CancellationToken.None);

        await _view.RefreshAsync(CancellationToken.None, measureHealth: false);

        Assert.Contains(_view.Members("north"), m => m.Device == "a3");
        Assert.Equal(0, _view.Measure([new DeviceRef("north", "a1")], Now.AddHours(-1), Now).AnomalyRate);
        await _view.RefreshAsync(CancellationToken.None);
        Assert.True(_view.Measure([new DeviceRef("north", "a1")], Now.AddHours(-1), Now).AnomalyRate > 0);
    }

    [Fact]
    public async Task Measure_OfflineBlipShorterThanGrace_NotHeartbeatLoss()
    {
        AlertRecord blip = Alert("a1", AlertRules.DeviceOffline, Now.AddMinutes(-10));
        blip.Status = AlertStatus.Resolved;
        blip.ResolvedAt = blip.OpenedAt + TimeSpan.FromSeconds(3);
        AlertRecord outage = Alert("b1", AlertRules.DeviceOffline, Now.AddMinutes(-10));
        outage.Status = AlertStatus.Resolved;
        outage.ResolvedAt = outage.OpenedAt + TimeSpan.FromMinutes(2);
        await _store.SaveAlertAsync(blip, CancellationToken.None);
        await _store.SaveAlertAsync(outage, CancellationToken.None);
        await _view.RefreshAsync(CancellationToken.None);

        HealthSnapshot rebooted = _view.Measure([new DeviceRef("north", "a1")], Now.AddHours(-1), Now);
        HealthSnapshot away = _view.Measure([new DeviceRef("south", "b1")], Now.AddHours(-1), Now);

        Assert.Equal(0, rebooted.HeartbeatLoss);
        Assert.Equal(1, away.HeartbeatLoss);
    }

    [Fact]
    public async Task Measure_BoardRebootsAfterUpdate_CountsNewBootsButNotTheUpdatesOwn()
    {
        var clock = new FakeTimeProvider(Now);
        var view = new GatewayFleetView(_store, _store, null, clock);
        long t = Now.ToUnixTimeMilliseconds();
        view.OnStatus("north", "a1", Status(t, uptime: 100, ResetReason.PowerOn)); // first sight: no reboot
        view.OnStatus("north", "a1", Status(t + 30_900, uptime: 130, ResetReason.PowerOn)); // same boot, uptime rounded down
        view.OnStatus("north", "a1", Status(t + 40_000, uptime: 0, ResetReason.OtaActivation)); // the update itself
        clock.Advance(TimeSpan.FromMinutes(1));
        view.OnStatus("north", "a1", Status(t + 60_000, uptime: 1, ResetReason.Panic));
        view.OnStatus("north", "a1", Status(t + 63_000, uptime: 0, ResetReason.Watchdog)); // a loop faster than any status period
        view.OnStatus("north", "a1", new StatusReport { State = DeviceState.Offline, TimeMs = t, ResetReason = ResetReason.PowerOn, FirmwareVersion = "1", Board = "virtual" });
        await view.RefreshAsync(CancellationToken.None);

        HealthSnapshot after = view.Measure([new DeviceRef("north", "a1")], Now.AddSeconds(30), Now.AddMinutes(5));
        HealthSnapshot before = view.Measure([new DeviceRef("north", "a1")], Now.AddMinutes(-5), Now.AddSeconds(30));

        Assert.Equal(2, after.RebootsPerDevice, 6);
        Assert.Equal(0, before.RebootsPerDevice, 6);
    }

    [Fact]
    public async Task Measure_BoardErrorLogs_ErrorsPerDeviceHourFromTheLogStore()
    {
        var clock = new FakeTimeProvider(Now);
        var logs = new SqliteLogStore(_dir.File("logs.db"), TimeSpan.FromDays(1), clock);
        await logs.AppendAsync(
        [
            LogRecord.FromDevice("a1", Now.AddMinutes(-10), LogSeverity.Error, "app", "boom"),
            LogRecord.FromDevice("a1", Now.AddMinutes(-9), LogSeverity.Critical, "app", "boom"),
            LogRecord.FromDevice("a1", Now.AddMinutes(-8), LogSeverity.Warning, "app", "not an error"),
            LogRecord.FromDevice("a2", Now.AddMinutes(-7), LogSeverity.Error, "app", "boom"),
            LogRecord.FromDevice("b1", Now.AddMinutes(-6), LogSeverity.Error, "app", "another group"),
            LogRecord.FromDevice("a1", Now.AddHours(-1.5), LogSeverity.Error, "app", "before the window"),
        ], CancellationToken.None);
        var view = new GatewayFleetView(_store, _store, logs, clock);
        await view.RefreshAsync(CancellationToken.None);

        HealthSnapshot health = view.Measure([new DeviceRef("north", "a1"), new DeviceRef("north", "a2")], Now.AddHours(-1), Now);

        Assert.Equal(1.5, health.ErrorLogRate, 6); // three Error-or-worse records, two devices, one hour
    }

    private static StatusReport Status(long timeMs, uint uptime, ResetReason reason) => new()
    {
        TimeMs = timeMs, State = DeviceState.Online, UptimeSeconds = uptime, ResetReason = reason, FirmwareVersion = "1.1.0", Board = "virtual",
    };

    private static AlertRecord Alert(string device, string rule, DateTimeOffset opened) => new()
    {
        DeviceId = device, Rule = rule, Channel = 1, Status = AlertStatus.Open, Severity = AlertSeverity.Warning, OpenedAt = opened, LastSignalAt = opened, Message = "m",
    };
}
