using IotStack.Gateway.Alerts;
using IotStack.Gateway.Integration;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Ota.Rollouts;
using IotStack.Protocol;

namespace IotStack.Gateway.Tests.Integration;

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

    private static AlertRecord Alert(string device, string rule, DateTimeOffset opened) => new()
    {
        DeviceId = device, Rule = rule, Channel = 1, Status = AlertStatus.Open, Severity = AlertSeverity.Warning, OpenedAt = opened, LastSignalAt = opened, Message = "m",
    };
}
