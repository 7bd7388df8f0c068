using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Dashboard;
using IotStack.Gateway.Dashboard.Charts;
using IotStack.Gateway.Dashboard.Pages;
using IotStack.Gateway.Dashboard.Readings;
using IotStack.Gateway.Storage;
using IotStack.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Bench;

/// <summary>
/// The console's two heavy reads, each against a baseline in the same run on the same SQLite store:
/// the fleet page for 1,000 devices (the Razor component, and the StringBuilder page it replaced) vs the raw JSON
/// device list, and a week of 1 Hz data as rollups vs raw rows.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ConsoleBenchmarks
{
    private const int Devices = 1_000;
    private const string WeekDevice = "dev-0000";
    private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private string _folder = "";
    private SqliteGatewayStore _store = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "GET devices as JSON")]
    [BenchmarkCategory("fleet")]
    public async Task<int> DevicesJson()
    {
        IReadOnlyList<DeviceRecord> devices = await _store.ReadDevicesAsync(CancellationToken.None);
        return JsonSerializer.SerializeToUtf8Bytes(devices).Length;
    }

    [Benchmark(Description = "fleet page, Razor component (whole page)")]
    [BenchmarkCategory("fleet")]
    public async Task<int> FleetPageRazor()
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        http.User = ConsoleClaims.Principal(new ConsoleIdentity("vic", ConsoleRole.Viewer), ConsolePolicies.CookieScheme);
        return (await ConsoleHtml.RenderAsync<FleetPage>(http)).Length;
    }

    [Benchmark(Description = "sign-in page, Razor component (fixed cost)")]
    [BenchmarkCategory("fleet")]
    public async Task<int> SignInPageRazor()
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        return (await ConsoleHtml.RenderAsync<LoginPage>(http)).Length;
    }

    [Benchmark(Description = "fleet page, old StringBuilder (main only)")]
    [BenchmarkCategory("fleet")]
    public async Task<int> FleetPageStringBuilder()
    {
        IReadOnlyList<DeviceRecord> devices = await _store.ReadDevicesAsync(CancellationToken.None);
        IReadOnlyList<AlertRecord> open = await _store.ReadAlertsAsync(new AlertQuery(ActiveOnly: true, Limit: 10_000), CancellationToken.None);
        return LegacyFleetPage.Render(devices, open, _now).Length;
    }

    [Benchmark(Baseline = true, Description = "week, raw rows")]
    [BenchmarkCategory("series")]
    public async Task<int> WeekRaw() =>
        (await _store.ReadSeriesAsync(WeekDevice, Channel.Temperature, _now.AddDays(-7), _now, SeriesResolution.Raw, int.MaxValue, CancellationToken.None)).Count;

    [Benchmark(Description = "week, chart rollups")]
    [BenchmarkCategory("series")]
    public async Task<int> WeekRollups() =>
        (await SeriesWindow.For("7d", _now).ReadAsync(_store, WeekDevice, Channel.Temperature, CancellationToken.None)).Count;

    private async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "iotstack-console-bench-" + Environment.ProcessId);
        _store = new SqliteGatewayStore(Path.Combine(_folder, "bench.db"));
        await _store.InitializeAsync(CancellationToken.None);
        var latest = new LatestReadings();
        _services = ConsoleHtml.Services(_store, latest);
        for (int i = 0; i < Devices; i++)
        {
            string id = "dev-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            await _store.UpsertDeviceAsync(new DeviceRecord(id, "bench")
            {
                FirstSeen = _now.AddDays(-30),
                LastSeen = _now.AddSeconds(-(i % 120)),
                State = i % 17 == 0 ? DeviceState.Offline : DeviceState.Online,
                Firmware = i % 3 == 0 ? "1.4.0" : "1.5.0",
                Board = "esp32-bme280",
            }, CancellationToken.None);
            latest.Record(id, new Reading(Channel.Temperature, _now, 21.5 + (i % 7)));
            latest.Record(id, new Reading(Channel.Humidity, _now, 40 + (i % 13)));
            latest.Record(id, new Reading(Channel.Pressure, _now, 1013));
            if (i % 20 == 0)
            {
                await _store.SaveAlertAsync(new AlertRecord
                {
                    DeviceId = id, Channel = 1, Rule = AlertRules.AboveMax, Status = AlertStatus.Open, Severity = AlertSeverity.Warning,
                    OpenedAt = _now.AddMinutes(-5), LastSignalAt = _now.AddMinutes(-1), Message = "temperature above 35",
                }, CancellationToken.None);
            }
        }

        var set = new WriteSet();
        long start = _now.AddDays(-7).ToUnixTimeMilliseconds();
        for (int minute = 0; minute < 7 * 24 * 60; minute++)
        {
            set.BeginBatch(WeekDevice, "bench", (uint)minute, start + (minute * 60_000L));
            for (int second = 0; second < 60; second++)
            {
                long ms = start + (minute * 60_000L) + (second * 1000L);
                set.AddSample(Channel.Temperature, ms, (float)(21 + Math.Sin(ms / 3_600_000.0)));
            }

            if (set.BatchCount == 1440)
            {
                await _store.WriteAsync(set, CancellationToken.None);
                set.Clear();
            }
        }
    }
}
