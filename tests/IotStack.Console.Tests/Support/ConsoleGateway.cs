using System.Reflection;
using IotStack.Firmware.Host.Faults;
using IotStack.Firmware.Host.Fleet;
using IotStack.Gateway.Dashboard;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Storage;
using IotStack.TestServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Console.Tests.Support;

/// <summary>
/// The real gateway host (embedded broker, ingest, detection, alerts, SQLite) with the console and SSH maintenance
/// against the live sshd, fed by a small virtual fleet whose first board spikes its temperature a few seconds in.
/// </summary>
public sealed class ConsoleGateway : IAsyncLifetime
{
    public const string SpikingDevice = "vdev-0000";
    public const string Host = "edge-1";
    public const int Devices = 3;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iotstack-console-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication? _app;
    private VirtualFleet? _fleet;

    public string BaseUrl { get; private set; } = "";

    public StringWriter Announced { get; } = new();

    internal IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        int http = FreePort.Next(), mqtt = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{http}";
        SshEndpoint ssh = ServiceEndpoints.Ssh;
        var settings = new Dictionary<string, string?>
        {
            ["IotStack:Http:Urls"] = BaseUrl,
            ["IotStack:Broker:Port"] = mqtt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // A port of its own for the TLS listener too: 8883 (its default beside a fixed plain port) is shared by every fixture.
            ["IotStack:Broker:Tls:Port"] = "0",
            ["IotStack:Broker:ClientId"] = "console-tests",
            ["IotStack:Storage:SqlitePath"] = Path.Combine(_folder, "gateway.db"),
            ["IotStack:Channels:1:Max"] = "35",
            // Long enough that the spike's alert is still open when the test acknowledges it.
            ["IotStack:Alerts:ClearAfter"] = "00:10:00",
            ["Console:LiveInterval"] = "00:00:00.500",
            ["Console:MaxSignInFailures"] = "3",
            ["Console:FirstRunFile"] = Path.Combine(_folder, "console-admin.json"),
            ["Maintenance:AuditDatabase"] = Path.Combine(_folder, "audit.db"),
            ["Maintenance:LogDatabase"] = Path.Combine(_folder, "logs.db"),
            ["Maintenance:TailRoots:0"] = ssh.WorkDir,
            ["Maintenance:Hosts:0:Name"] = Host,
            ["Maintenance:Hosts:0:Address"] = ssh.Host,
            ["Maintenance:Hosts:0:Port"] = ssh.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Maintenance:Hosts:0:User"] = ssh.User,
            ["Maintenance:Hosts:0:KeyFile"] = ssh.PrivateKeyPath,
            ["Maintenance:Hosts:0:HostKeyFingerprint"] = ssh.HostKeyFingerprint,
        };
        TestUsers.AddTo(settings);
        _app = GatewayHost.Build(
            [],
            settings,
            builder =>
            {
                builder.Services.AddConsole(builder.Configuration, Announced);
                AddMaintenance(builder.Services, builder.Configuration);
            },
            app => app.MapConsole());
        await _app.StartAsync();

        FaultPlan.TryParse("spike:temperature@6s+6s=25", out FaultPlan plan, out _);
        _fleet = new VirtualFleet(
            new FleetOptions
            {
                Devices = Devices,
                RateHz = 2,
                BatchSamples = 2,
                BrokerPort = mqtt,
                Fleet = "console",
                Faults = plan,
                FaultDevices = [0],
                DataDirectory = Path.Combine(_folder, "boards"),
                DeviceCredentials = BoardCredentials.For(_app.Services, "console"),
            },
            TimeProvider.System);
        _fleet.Start();
        await SeedHistoryAsync();
    }

    /// <summary>
    /// The boards are seconds old, but a chart's expected band needs history: writes the hour before the first real
    /// sample of <see cref="SpikingDevice"/> as 1 Hz samples around its real level, through the gateway's own store.
    /// </summary>
    private async Task SeedHistoryAsync()
    {
        var store = _app!.Services.GetRequiredService<IGatewayStore>();
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        IReadOnlyList<SeriesPoint> first = [];
        for (int i = 0; i < 100 && first.Count == 0; i++)
        {
            first = await store.ReadSeriesAsync(SpikingDevice, 1, now.AddMinutes(-5), now.AddMinutes(5), SeriesResolution.Raw, 1, CancellationToken.None);
            await Task.Delay(100);
        }

        Assert.True(first.Count > 0, $"{SpikingDevice} sent no temperature within 10 s");
        var random = new Random(7);
        var set = new WriteSet();
        long start = first[0].Time.AddHours(-1).ToUnixTimeMilliseconds();
        for (int minute = 0; minute < 60; minute++)
        {
            // Sequences far above what a seconds-old board has used, so de-duplication never confuses the two.
            set.BeginBatch(SpikingDevice, "console", (uint)(1_000_000 + minute), start);
            for (int second = 0; second < 60; second++)
            {
                set.AddSample(1, start + (((minute * 60) + second) * 1000L), (float)(first[0].Mean + ((random.NextDouble() - 0.5) * 0.4)));
            }
        }

        await store.WriteAsync(set, CancellationToken.None);
    }

    public Task DisposeAsync() => GatewayTeardown.StopAsync(_fleet, _app, _folder);

    /// <summary>
    /// IotStack.Maintenance keeps its registration internal and lists the gateway (not this project) in
    /// InternalsVisibleTo, so the tests reach it the way the gateway's composition root will call it directly.
    /// </summary>
    private static void AddMaintenance(IServiceCollection services, IConfiguration configuration)
    {
        Type extensions = Type.GetType("IotStack.Maintenance.MaintenanceServiceCollectionExtensions, IotStack.Maintenance", throwOnError: true)!;
        extensions.GetMethod("AddMaintenance", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [services, configuration]);
    }
}
