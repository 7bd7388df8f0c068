using System.Globalization;
using IotStack.Demo;
using IotStack.Firmware.Host.Fleet;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Console.Tests.Support;

/// <summary>
/// The gateway as <c>iotstack gateway</c> composes it (console, maintenance, OTA) with a small virtual fleet whose boards
/// verify releases with a throwaway key, and one release signed with that key already published (the demo's own
/// OTA preparation, so nothing here reaches into the OTA library's internals).
/// </summary>
public sealed class OtaConsoleGateway : IAsyncLifetime
{
    public const int Devices = 3;
    public const string Fleet = "ota";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iotstack-console-ota-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication? _app;
    private VirtualFleet? _fleet;
    private DemoOta? _ota;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The published release's version (board type <see cref="Firmware.Host.Hal.VirtualBoard"/>).</summary>
    public string Version => _ota!.Version;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        int http = FreePort.Next(), mqtt = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{http}";
        _ota = DemoOta.Prepare(_folder);
        var settings = new Dictionary<string, string?>
        {
            ["IotStack:Http:Urls"] = BaseUrl,
            ["IotStack:Broker:Port"] = mqtt.ToString(CultureInfo.InvariantCulture),
            // A port of its own for the TLS listener too: 8883 (its default beside a fixed plain port) is shared by every fixture.
            ["IotStack:Broker:Tls:Port"] = "0",
            ["IotStack:Broker:ClientId"] = "console-ota-tests",
            ["IotStack:Storage:SqlitePath"] = Path.Combine(_folder, "gateway.db"),
            ["Console:LiveInterval"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        TestUsers.AddTo(settings);
        _ota.AddSettings(settings);
        _app = GatewayComposition.Build([], settings, TextWriter.Null);
        await _app.StartAsync();

        _fleet = new VirtualFleet(
            new FleetOptions
            {
                Devices = Devices, RateHz = 1, BrokerPort = mqtt, Fleet = Fleet, FirmwareVersion = "1.0.0",
                DataDirectory = Path.Combine(_folder, "boards"), OtaPublicKey = _ota.PublicKey,
                Ota = new IotStack.Firmware.Ota.OtaOptions { RequestTimeoutMs = 500, MaxRequestAttempts = 6, HealthDeadlineMs = 10000, ChunkSize = 2048 },
                DeviceCredentials = BoardCredentials.For(_app.Services, Fleet),
            },
            TimeProvider.System);
        _fleet.Start();
        var store = _app.Services.GetRequiredService<IDeviceStore>();
        for (int i = 0; i < 100 && (await store.ReadDevicesAsync(CancellationToken.None)).Count < Devices; i++)
        {
            await Task.Delay(100);
        }

        using var publishing = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _ota.PublishAsync(_app.Services, publishing.Token);
    }

    /// <summary>What each board runs now (the active slot's version).</summary>
    public IReadOnlyList<string> RunningVersions() => _fleet!.Devices.Select(d => d.RunningVersion).ToList();

    public Task DisposeAsync() => GatewayTeardown.StopAsync(_fleet, _app, _folder);
}
