using System.Net.Http.Json;
using System.Text.Json;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Fleet;
using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Ota;
using IotStack.Firmware.Ota.Loader;
using IotStack.Gateway.Api;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Ota;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Gateway.Timeline;
using IotStack.Ota.Rollouts;
using IotStack.Ota.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Tests.Ota;

/// <summary>The gateway as composed for production, its embedded broker, and virtual boards running the real OTA agent.</summary>
public sealed class OtaIntegrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Campaign_ThreeVirtualBoards_AllConfirmedAndRunningTheRelease()
    {
        using ReleaseSigner signer = ReleaseSigner.CreateEphemeral();
        await new LocalReleases(_dir.File("releases"), signer).PublishAsync("1.1.0", ("App.pe", 12_000, 1), ("Lib.pe", 5_000, 2));

        WebApplication app = await StartGatewayAsync(signer);
        try
        {
            using VirtualFleet fleet = await StartFleetAsync(app, signer, releaseFaults: null);
            using HttpClient http = ApiClient.For(app);

            using var created = await http.PostAsJsonAsync(new Uri("/api/ota/campaigns", UriKind.Relative),
                new CampaignRequest(VirtualBoard.Type, "1.1.0", Id: "c1", Group: "it", CanaryCount: 1, BatchSize: 2, SoakSeconds: 0.2, AttemptTimeoutSeconds: 20, RetryDelaySeconds: 0.5));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            JsonElement status = await WaitForEndAsync(http, "c1", TimeSpan.FromSeconds(60));

            var state = (CampaignState)status.GetProperty("state").GetInt32();
            var alerts = await app.Services.GetRequiredService<IAlertStore>().ReadAlertsAsync(new IotStack.Gateway.Alerts.AlertQuery(), CancellationToken.None);
            Assert.True(state == CampaignState.Completed, status.GetRawText() + " alerts: " + string.Join("; ", alerts.Select(a => $"{a.DeviceId} {a.Rule} {a.OpenedAt:O} {a.Message}")));
            Assert.All(fleet.Devices, d => Assert.Equal("1.1.0", d.RunningVersion));
            // One canary, then a batch of two: the API names the waves as the CLI, console and demo show them.
            Assert.Equal(["batch 1", "batch 1", "canary"],
                status.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("waveName").GetString()).Order(StringComparer.Ordinal));
            var timeline = await app.Services.GetRequiredService<ITimeline>().ReadAsync(fleet.Devices[0].Id, null, 200);
            Assert.Contains(timeline, e => e.Kind == TimelineKinds.Ota && e.Summary.Contains("Confirmed", StringComparison.Ordinal));
            fleet.Stop();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// A release that installs and confirms fine but then makes its boards sick. One wave over every board: the gate
    /// compares them with their own pre-update window. Canary of one: with the two boards not yet updated.
    /// </summary>
    [Theory]
    [InlineData("reboot@2s", 3, "health gate: reboots")]
    [InlineData("errorlog@0s=5", 1, "health gate: error logs")]
    public async Task Campaign_ReleaseMakesBoardsSick_HealthGateRollsBackAndAborts(string releaseFaults, int canary, string reason)
    {
        using ReleaseSigner signer = ReleaseSigner.CreateEphemeral();
        var releases = new LocalReleases(_dir.File("releases"), signer);
        await releases.PublishAsync("1.0.0", ("App.pe", 8_000, 1));
        await releases.PublishAsync("1.1.0", ("App.pe", 8_000, 2));
        Assert.True(FaultPlan.TryParse(releaseFaults, out FaultPlan sick, out string error), error);

        WebApplication app = await StartGatewayAsync(signer);
        try
        {
            using VirtualFleet fleet = await StartFleetAsync(app, signer, new Dictionary<string, FaultPlan> { ["1.1.0"] = sick });
            using HttpClient http = ApiClient.For(app);

            using var created = await http.PostAsJsonAsync(new Uri("/api/ota/campaigns", UriKind.Relative),
                new CampaignRequest(VirtualBoard.Type, "1.1.0", Id: "sick", Group: "it", RollbackVersion: "1.0.0", CanaryCount: canary, BatchSize: 2,
                    SoakSeconds: 8, AttemptTimeoutSeconds: 20, RetryDelaySeconds: 0.5));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            JsonElement status = await WaitForEndAsync(http, "sick", TimeSpan.FromSeconds(75));

            Assert.Equal(nameof(CampaignState.Aborted), ((CampaignState)status.GetProperty("state").GetInt32()).ToString());
            Assert.StartsWith(reason, status.GetProperty("reason").GetString(), StringComparison.Ordinal);
            var devices = status.GetProperty("devices").EnumerateArray().ToList();
            string states = string.Join(", ", devices.Select(d => d.GetRawText()));
            Assert.True(canary == devices.Count(d => (DeviceRolloutState)d.GetProperty("state").GetInt32() == DeviceRolloutState.RolledBack), states);
            Assert.True(3 - canary == devices.Count(d => (DeviceRolloutState)d.GetProperty("state").GetInt32() == DeviceRolloutState.Pending), states);
            Assert.All(fleet.Devices, d => Assert.Equal("1.0.0", d.RunningVersion));
            fleet.Stop();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// The virtual board boots through the board's loader (SlotLoader): 1.0.1 is installed and confirmed into slot 1, then
    /// 1.1.0 into slot 0 hangs at start-up on every boot, before its health check can pass, and the watchdog restarts the
    /// board. The loader counts those unconfirmed boots; past three it points the boot record back at slot 1 and starts
    /// 1.0.1, whose updater reports the rollback with the loader's reason. The gateway sees it in the campaign and in the
    /// board's status.
    /// </summary>
    [Fact]
    public async Task Campaign_ReleaseNeverPassesItsHealthCheck_LoaderBootsPreviousSlotAfterThreeAttempts()
    {
        using ReleaseSigner signer = ReleaseSigner.CreateEphemeral();
        var releases = new LocalReleases(_dir.File("releases"), signer);
        await releases.PublishAsync("1.0.1", ("10-Lib.pe", 4_000, 1), ("90-App.pe", 6_000, 2));
        await releases.PublishAsync("1.1.0", ("10-Lib.pe", 4_000, 1), ("90-App.pe", 6_000, 3));
        Assert.True(FaultPlan.TryParse("hang@0s", out FaultPlan hangs, out string error), error);

        WebApplication app = await StartGatewayAsync(signer);
        try
        {
            using VirtualFleet fleet = await StartFleetAsync(app, signer, new Dictionary<string, FaultPlan> { ["1.1.0"] = hangs }, devices: 1, watchdog: TimeSpan.FromSeconds(3));
            using HttpClient http = ApiClient.For(app);
            VirtualDevice board = fleet.Devices[0];

            await StartCampaignAsync(http, new CampaignRequest(VirtualBoard.Type, "1.0.1", Id: "good", Group: "it", SoakSeconds: 0.2, AttemptTimeoutSeconds: 60, RetryDelaySeconds: 0.5));
            JsonElement good = await WaitForEndAsync(http, "good", TimeSpan.FromSeconds(60));
            Assert.True(nameof(CampaignState.Completed) == ((CampaignState)good.GetProperty("state").GetInt32()).ToString(), good.GetRawText());
            Assert.Equal("1.0.1", board.RunningVersion);
            Assert.Equal(LoaderOutcome.Started, board.LastBoot);
            int bootsBefore = board.Board.Boots;

            await StartCampaignAsync(http, new CampaignRequest(VirtualBoard.Type, "1.1.0", Id: "hangs", Group: "it", SoakSeconds: 0.2, AttemptTimeoutSeconds: 120, RetryDelaySeconds: 0.5));
            JsonElement device = await WaitForDeviceAsync(http, "hangs", DeviceRolloutState.RolledBack, TimeSpan.FromSeconds(90));

            Assert.Equal((int)DeviceRolloutState.RolledBack, device.GetProperty("state").GetInt32());
            Assert.Equal("loader: release 1.1.0 booted 3 times without passing its health check", device.GetProperty("reason").GetString());
            Assert.Equal("1.0.1", board.RunningVersion);
            Assert.Equal(LoaderOutcome.StartedPrevious, board.LastBoot);
            BootRecord? boot = BootRecord.Load(board.Flash);
            Assert.NotNull(boot);
            Assert.Equal(1, boot.ActiveSlot);
            Assert.False(boot.Trial);
            // Activation, three watchdog resets of the hung release, then the loader's fallback boot.
            Assert.True(board.Board.Boots - bootsBefore >= 4, $"{board.Board.Boots - bootsBefore} boots");
            var store = app.Services.GetRequiredService<IDeviceStore>();
            await Eventually.TrueAsync(async () => (await store.ReadDeviceAsync(board.Id, CancellationToken.None))?.Firmware == "1.0.1", "status reports 1.0.1 again");
            fleet.Stop();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task StartCampaignAsync(HttpClient http, CampaignRequest request)
    {
        using var created = await http.PostAsJsonAsync(new Uri("/api/ota/campaigns", UriKind.Relative), request);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
    }

    /// <summary>The campaign's only board once it reaches <paramref name="state"/> (or as it is when time runs out).</summary>
    private static async Task<JsonElement> WaitForDeviceAsync(HttpClient http, string id, DeviceRolloutState state, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            string body = await http.GetStringAsync(new Uri("/api/ota/campaigns/" + id, UriKind.Relative));
            JsonElement device = JsonDocument.Parse(body).RootElement.GetProperty("devices")[0].Clone();
            if (device.GetProperty("state").GetInt32() == (int)state || watch.Elapsed > limit)
            {
                return device;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The gateway as production composes it, on embedded defaults in this test's folder, trusting <paramref name="signer"/>.</summary>
    private async Task<WebApplication> StartGatewayAsync(ReleaseSigner signer)
    {
        WebApplication app = GatewayComposition.Build([], new Dictionary<string, string?>
        {
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["IotStack:Broker:Port"] = "0",
            ["IotStack:Storage:SqlitePath"] = _dir.File("gateway.db"),
            ["Ota:PublicKey"] = Convert.ToHexStringLower(signer.PublicKey),
            ["Ota:TickInterval"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        }, TextWriter.Null);
        await app.StartAsync();
        return app;
    }

    /// <summary>Three boards on 1.0.0 in group "it", registered at the gateway and known to the rollout engine.</summary>
    private async Task<VirtualFleet> StartFleetAsync(WebApplication app, ReleaseSigner signer, Dictionary<string, FaultPlan>? releaseFaults, int devices = 3, TimeSpan? watchdog = null)
    {
        var (host, port) = await app.Services.GetRequiredService<BrokerEndpoint>().WaitAsync(CancellationToken.None);
        var fleet = new VirtualFleet(new FleetOptions
        {
            Devices = devices, RateHz = 1, WatchdogTimeout = watchdog ?? new FleetOptions().WatchdogTimeout, BrokerHost = host, BrokerPort = port, Fleet = "it", FirmwareVersion = "1.0.0",
            DataDirectory = _dir.File("boards"), OtaPublicKey = signer.PublicKey,
            Ota = new OtaOptions { RequestTimeoutMs = 500, MaxRequestAttempts = 6, HealthDeadlineMs = 10000, ChunkSize = 2048 },
            ReleaseFaults = releaseFaults,
            DeviceCredentials = BoardCredentials(app, "it"),
        }, TimeProvider.System);
        fleet.Start();
        var store = app.Services.GetRequiredService<IDeviceStore>();
        await Eventually.TrueAsync(async () => (await store.ReadDevicesAsync(CancellationToken.None)).Count == devices, "boards registered");
        await Eventually.TrueAsync(() => Task.FromResult(app.Services.GetRequiredService<OtaHost>().Engine is not null), "OTA host started");

        // The rollout engine sees the group through a snapshot refreshed before each tick: a board registered after
        // the last refresh would join the campaign later as a waiting board instead of in its first wave.
        await Eventually.TrueAsync(() => Task.FromResult(app.Services.GetRequiredService<GatewayFleetView>().Members("it").Count == devices), "rollout engine sees the boards");
        return fleet;
    }

    private static async Task<JsonElement> WaitForEndAsync(HttpClient http, string id, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            string body = await http.GetStringAsync(new Uri("/api/ota/campaigns/" + id, UriKind.Relative));
            JsonElement status = JsonDocument.Parse(body).RootElement.Clone();
            var state = (CampaignState)status.GetProperty("state").GetInt32();
            if (state is CampaignState.Completed or CampaignState.Aborted || watch.Elapsed > limit)
            {
                return status;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Releases_PublishedToLocalFolder_ListedByApi()
    {
        using ReleaseSigner signer = ReleaseSigner.CreateEphemeral();
        await new LocalReleases(_dir.File("releases"), signer).PublishAsync("2.0.0", ("App.pe", 3_000, 3));
        WebApplication app = await StartGatewayAsync(signer);
        try
        {
            using HttpClient http = ApiClient.For(app);
            string body = await http.GetStringAsync(new Uri("/api/ota/releases?board=" + VirtualBoard.Type, UriKind.Relative));

            Assert.Contains("2.0.0", body, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static Func<string, BrokerCredential?> BoardCredentials(WebApplication app, string fleet)
    {
        var store = app.Services.GetRequiredService<DeviceCredentialStore>();
        return device => new BrokerCredential(DeviceCredential.UserNameOf(fleet, device), store.Issue(fleet, device));
    }
}
