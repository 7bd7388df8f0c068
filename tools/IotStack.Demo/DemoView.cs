using System.Globalization;
using IotStack.Firmware.Host.Fleet;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Devices;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Storage;
using IotStack.Ota.Rollouts;
using IotStack.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IotStack.Demo;

/// <summary>
/// Live view of the demo: on a terminal a live screen fitted to its size (<see cref="DemoScreen"/>), otherwise (CI,
/// pipes) a log: the status every few seconds, each alert change, each rollout change, the boards' values now and then.
/// </summary>
internal sealed class DemoView(IServiceProvider services, VirtualFleet fleet, DemoOta? ota = null)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private readonly GatewayMetrics _metrics = services.GetRequiredService<GatewayMetrics>();
    private readonly IAlertStore _alerts = services.GetRequiredService<IAlertStore>();
    private readonly DeviceMonitor _devices = services.GetRequiredService<DeviceMonitor>();
    private readonly DateTimeOffset _started = TimeProvider.System.GetUtcNow();
    private readonly Dictionary<long, string> _seen = new();

    /// <summary>The last frame shown; the summary is drawn from it, so it says what the screen said.</summary>
    public DemoFrame? Last { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            // Crop at the bottom if the terminal shrinks below the fitted layout: the status line stays on screen.
            await AnsiConsole.Live(new Text("starting…")).Overflow(VerticalOverflow.Crop).Cropping(VerticalOverflowCropping.Bottom).StartAsync(async live =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    DemoFrame frame = await CaptureAsync().ConfigureAwait(false);
                    live.UpdateTarget(DemoScreen.Render(frame, AnsiConsole.Console));
                    await Delay(Refresh, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            return;
        }

        int tick = 0;
        string lastOta = "";
        string lastWave = "";
        while (!cancellationToken.IsCancellationRequested)
        {
            DemoFrame frame = await CaptureAsync().ConfigureAwait(false);
            PrintAlertChanges(frame.RecentAlerts);
            // A log, not a screen: the rollout lines only when they changed.
            string wave = WaveLine(frame);
            if (wave != lastWave)
            {
                AnsiConsole.WriteLine(wave);
                lastWave = wave;
            }

            if (tick % 5 == 0)
            {
                AnsiConsole.WriteLine(string.Join("  ", DemoScreen.StatusLines(frame, int.MaxValue)));
                string otaLine = OtaLine(frame);
                if (otaLine != lastOta)
                {
                    AnsiConsole.WriteLine(otaLine);
                    lastOta = otaLine;
                }
            }

            if (tick % 30 == 10)
            {
                foreach (DemoBoard b in frame.Boards)
                {
                    AnsiConsole.WriteLine(ValuesLine(b));
                }
            }

            tick++;
            await Delay(Refresh, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads everything one refresh shows, at one moment.</summary>
    public async Task<DemoFrame> CaptureAsync()
    {
        IReadOnlyList<AlertRecord> recent = await _alerts.ReadAlertsAsync(new AlertQuery(Limit: 40), CancellationToken.None).ConfigureAwait(false);
        IReadOnlyDictionary<string, (bool Online, DateTimeOffset LastHeard)> seen = _devices.Snapshot();
        CampaignStatus? rollout = ota?.Status(services);
        var updates = rollout?.Devices.ToDictionary(d => d.Device, StringComparer.Ordinal) ?? new Dictionary<string, DeviceStatus>(StringComparer.Ordinal);
        var boards = fleet.Devices.Select(d =>
        {
            IReadOnlyDictionary<int, float> values = _devices.LatestValues(d.Id);
            return new DemoBoard(d.Id, seen.TryGetValue(d.Id, out var s) && s.Online,
                Get(values, Channel.Temperature), Get(values, Channel.Humidity), Get(values, Channel.Pressure),
                d.RunningVersion, updates.GetValueOrDefault(d.Id));
        }).ToList();
        var counters = new DemoCounters(_metrics.MessagesReceived, _metrics.SamplesStored, _metrics.Quarantined,
            _metrics.QueueDepth?.Invoke() ?? 0, _metrics.LagMs, _metrics.OpenAlerts?.Invoke() ?? 0);
        Last = new DemoFrame(fleet.Elapsed, boards, counters, rollout, ota?.Stage ?? "off",
            recent.Where(a => a.OpenedAt >= _started || a.IsActive).Take(12).ToList());
        return Last;
    }

    /// <summary>Every alert this run opened, for the summary's counts.</summary>
    public async Task<IReadOnlyList<AlertRecord>> RunAlertsAsync() =>
        (await _alerts.ReadAlertsAsync(new AlertQuery(Limit: 10_000), CancellationToken.None).ConfigureAwait(false)).Where(a => a.OpenedAt >= _started).ToList();

    public IRenderable Summary(IReadOnlyList<AlertRecord> alerts, string dataFolder) =>
        DemoSummary.Render(Last ?? throw new InvalidOperationException("No frame captured yet."), alerts, dataFolder);

    /// <summary>The rollout in one line: every board's state and progress (the log's view of the campaign).</summary>
    public static string OtaLine(DemoFrame frame) => frame.Rollout is not { } status
        ? "OTA: " + frame.OtaStage
        : $"OTA {status.Id}: {status.State}, " + string.Join(", ", status.Devices.Select(d => $"{d.Device} {d.State} {d.Percent}%"));

    /// <summary>Which wave runs, by name, and which boards are in it.</summary>
    private static string WaveLine(DemoFrame frame)
    {
        if (frame.Rollout is not { Wave: >= 0 } status)
        {
            return "";
        }

        string boards = string.Join(", ", status.Devices.Where(d => d.Wave == status.Wave).Select(d => d.Device));
        return status.State switch
        {
            CampaignState.Soaking => $"OTA wave {status.WaveName} ({boards}): all confirmed, soaking before the next wave",
            CampaignState.Completed => $"OTA campaign {status.Id} completed: {status.Count(DeviceRolloutState.Confirmed)}/{status.Devices.Count} boards confirmed",
            _ => $"OTA wave {status.WaveName} ({boards}): {status.State}",
        };
    }

    private static string ValuesLine(DemoBoard b) => string.Create(CultureInfo.InvariantCulture,
        $"  {b.Id} {(b.Online ? "online " : "offline")}  {b.Temperature:F1} °C  {b.Humidity:F1} %RH  {b.Pressure:F1} hPa  firmware {b.Firmware}");

    private void PrintAlertChanges(IReadOnlyList<AlertRecord> recent)
    {
        foreach (AlertRecord a in recent.Reverse())
        {
            string state = a.Status + (a.Flapping ? " (flapping)" : "");
            if (_seen.TryGetValue(a.Id, out string? before) && before == state)
            {
                continue;
            }

            _seen[a.Id] = state;
            AnsiConsole.WriteLine($"alert #{a.Id} {a.DeviceId} ch{a.Channel} {a.Rule} {a.Severity}: {state} - {a.Message}");
        }
    }

    private static float? Get(IReadOnlyDictionary<int, float> values, int channel) => values.TryGetValue(channel, out float v) ? v : null;

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
