using IotStack.Firmware.Host.Fleet;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Devices;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Storage;
using IotStack.Ota.Rollouts;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IotStack.Demo;

/// <summary>Live view of the demo: a Spectre live table on a terminal, a status line every few seconds otherwise (CI, pipes).</summary>
internal sealed class DemoView(IServiceProvider services, VirtualFleet fleet, DemoOta? ota = null)
{
    private readonly GatewayMetrics _metrics = services.GetRequiredService<GatewayMetrics>();
    private readonly IAlertStore _alerts = services.GetRequiredService<IAlertStore>();
    private readonly DeviceMonitor _devices = services.GetRequiredService<DeviceMonitor>();
    private readonly Dictionary<long, string> _seen = new();
    private int _raised;
    private int _cleared;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Live(new Text("starting…")).StartAsync(async live =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    IReadOnlyList<AlertRecord> recent = await RecentAsync().ConfigureAwait(false);
                    live.UpdateTarget(Render(recent));
                    await Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            return;
        }

        int tick = 0;
        string lastOta = "";
        while (!cancellationToken.IsCancellationRequested)
        {
            await RecentAsync(printChanges: true).ConfigureAwait(false);
            if (tick++ % 5 == 0)
            {
                AnsiConsole.WriteLine(StatusLine());
                // A log, not a screen: the rollout line only when it changed.
                string otaLine = OtaLine();
                if (otaLine != lastOta)
                {
                    AnsiConsole.WriteLine(otaLine);
                    lastOta = otaLine;
                }
            }

            await Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    public IRenderable Summary() => new Panel(new Markup(
        $"{StatusLine()}\nalerts raised {_raised}, cleared/resolved {_cleared}. Data kept in the store: run [bold]iotstack alerts[/] against a running gateway, or the demo again."))
        .Header("demo finished");

    private string StatusLine()
    {
        FleetSnapshot f = fleet.Snapshot();
        int online = _devices.Snapshot().Count(d => d.Value.Online);
        return $"t={f.Elapsed.TotalSeconds:F0}s boards {f.Connected}/{f.Devices} connected, {online} online at gateway | " +
               $"msgs {_metrics.MessagesReceived} samples {_metrics.SamplesStored} dup {_metrics.BatchesDuplicate} quarantined {_metrics.Quarantined} | " +
               $"queue {_metrics.QueueDepth?.Invoke() ?? 0} lag {_metrics.LagMs} ms | open alerts {_metrics.OpenAlerts?.Invoke() ?? 0}";
    }

    private async Task<IReadOnlyList<AlertRecord>> RecentAsync(bool printChanges = false)
    {
        IReadOnlyList<AlertRecord> recent = await _alerts.ReadAlertsAsync(new AlertQuery(Limit: 12), CancellationToken.None).ConfigureAwait(false);
        foreach (AlertRecord a in recent.Reverse())
        {
            string state = a.Status + (a.Flapping ? " (flapping)" : "");
            if (_seen.TryGetValue(a.Id, out string? before) && before == state)
            {
                continue;
            }

            if (before is null)
            {
                _raised++;
            }

            if (a.Status == AlertStatus.Resolved)
            {
                _cleared++;
            }

            _seen[a.Id] = state;
            if (printChanges)
            {
                AnsiConsole.WriteLine($"alert #{a.Id} {a.DeviceId} ch{a.Channel} {a.Rule} {a.Severity}: {state} - {a.Message}");
            }
        }

        return recent;
    }

    private IRenderable Render(IReadOnlyList<AlertRecord> recent)
    {
        var table = new Table().Expand().Title("[bold]Recent alerts[/]")
            .AddColumns("#", "device", "ch", "rule", "severity", "status", "opened", "message");
        foreach (AlertRecord a in recent)
        {
            string color = a.Status switch { AlertStatus.Open => "red", AlertStatus.Acknowledged => "yellow", _ => "green" };
            table.AddRow(
                a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(a.DeviceId), a.Channel.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(a.Rule), a.Severity.ToString(), $"[{color}]{a.Status}{(a.Flapping ? " (flapping)" : "")}[/]",
                a.OpenedAt.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(Trim(a.Message, 70)));
        }

        return ota is null ? new Rows(new Markup(Markup.Escape(StatusLine())), table) : new Rows(new Markup(Markup.Escape(StatusLine())), table, RenderOta(ota));
    }

    /// <summary>Per-board rollout progress: wave, state, percent, and the version each board runs now.</summary>
    private IRenderable RenderOta(DemoOta updates)
    {
        CampaignStatus? status = updates.Status(services);
        if (status is null)
        {
            return new Markup($"[bold]OTA[/] {Markup.Escape(updates.Stage)}");
        }

        var table = new Table().Expand().Title($"[bold]OTA {Markup.Escape(status.Id)}[/]: {status.State}{(status.Reason is null ? "" : " - " + Markup.Escape(status.Reason))}")
            .AddColumns("board", "wave", "state", "progress", "running");
        var running = fleet.Devices.ToDictionary(d => d.Id, d => d.RunningVersion, StringComparer.Ordinal);
        foreach (DeviceStatus d in status.Devices)
        {
            string color = d.State switch { DeviceRolloutState.Confirmed => "green", DeviceRolloutState.Failed or DeviceRolloutState.RolledBack => "red", _ => "yellow" };
            table.AddRow(Markup.Escape(d.Device), d.Wave < 0 ? "-" : d.Wave == 0 ? "canary" : d.Wave.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"[{color}]{d.State}[/]", $"{d.Percent}%", Markup.Escape(running.GetValueOrDefault(d.Device, "?")));
        }

        return table;
    }

    public string OtaLine()
    {
        if (ota?.Status(services) is not { } status)
        {
            return ota is null ? "" : "OTA: " + ota.Stage;
        }

        return $"OTA {status.Id}: {status.State}, " + string.Join(", ", status.Devices.Select(d => $"{d.Device} {d.State} {d.Percent}%"));
    }

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

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
