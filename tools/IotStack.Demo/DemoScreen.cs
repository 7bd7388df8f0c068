using System.Globalization;
using IotStack.Gateway.Alerts;
using IotStack.Ota.Rollouts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IotStack.Demo;

/// <summary>
/// The live screen, fitted to the terminal: the status lines first (wrapped between items, never cut), the boards with
/// their latest values and update progress, the rollout with its waves and a bar, then as many recent alerts as the
/// height leaves. Every cell is one line and long text ends in "…", so a narrow terminal shortens messages instead
/// of wrapping them a word per line; a wider or taller one gets more columns and rows.
/// </summary>
internal static class DemoScreen
{
    /// <summary>Wide enough for the alerts' channel, severity and time columns.</summary>
    private const int WideColumns = 110;

    public static IRenderable Render(DemoFrame frame, IAnsiConsole console)
    {
        int width = Math.Max(40, console.Profile.Width);
        // Two lines spare: the cursor sits below the live region (a full screen would scroll its top away), and a
        // table's blank bottom border is not in the measured heights below.
        int height = Math.Max(12, console.Profile.Height) - 2;
        RenderOptions options = RenderOptions.Create(console, console.Profile.Capabilities);

        var top = new List<IRenderable>();
        top.AddRange(StatusLines(frame, width).Select(line => new Text(line, new Style(decoration: Decoration.Bold))));
        int rolloutLines = frame.Rollout is null ? 1 : 2;
        // Boards get what is left after the status, the rollout and a few alerts (each table has about five lines of frame).
        int boardRows = Math.Clamp(height - top.Count - rolloutLines - 5 - 7, 1, Math.Max(1, frame.Boards.Count));
        top.Add(Boards(frame.Boards, width, boardRows));
        top.AddRange(Rollout(frame, width));
        int used = top.Sum(part => Height(part, options, width));

        int overhead = Height(Alerts([], width), options, width);
        int alertRows = Math.Min(frame.RecentAlerts.Count, height - used - overhead);
        if (alertRows > 0 || (frame.RecentAlerts.Count == 0 && height - used >= overhead))
        {
            top.Add(Alerts(frame.RecentAlerts.Take(Math.Max(0, alertRows)).ToList(), width));
        }
        else if (height - used > 0)
        {
            top.Add(new Text(Fit($"alerts: {frame.Gateway.OpenAlerts} open (iotstack alerts lists them)", width)));
        }

        return new Rows(top);
    }

    /// <summary>The counters as items, joined two spaces apart and wrapped between items to <paramref name="width"/>.</summary>
    public static IReadOnlyList<string> StatusLines(DemoFrame frame, int width)
    {
        DemoCounters g = frame.Gateway;
        string[] items =
        [
            $"t={frame.Elapsed.TotalSeconds:F0}s",
            $"boards {frame.Online}/{frame.Boards.Count} online",
            $"msgs {N(g.Messages)}",
            $"samples {N(g.Samples)}",
            $"quarantined {N(g.Quarantined)}",
            $"queue {N(g.Queue)}, lag {N(g.LagMs)} ms",
            $"open alerts {N(g.OpenAlerts)}",
        ];
        var lines = new List<string>();
        string line = "";
        foreach (string item in items)
        {
            if (line.Length > 0 && line.Length + 2 + item.Length > width)
            {
                lines.Add(line);
                line = "";
            }

            line = line.Length == 0 ? item : line + "  " + item;
        }

        lines.Add(line);
        return lines;
    }

    /// <summary>A text progress bar of <paramref name="cells"/> cells.</summary>
    public static string Bar(int percent, int cells)
    {
        int filled = (int)Math.Round(Math.Clamp(percent, 0, 100) / 100.0 * cells);
        return new string('━', filled) + new string('─', cells - filled);
    }

    private static Table Boards(IReadOnlyList<DemoBoard> boards, int width, int rows)
    {
        int[] widths = [11, 6, 6, 7, 12];
        int update = Rest(width, widths);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(Column("board", widths[0]));
        table.AddColumn(Column("°C", widths[1], right: true));
        table.AddColumn(Column("%RH", widths[2], right: true));
        table.AddColumn(Column("hPa", widths[3], right: true));
        table.AddColumn(Column("firmware", widths[4]));
        table.AddColumn(Column("update", update));
        foreach (DemoBoard b in boards.Take(rows))
        {
            table.AddRow(
                new Markup((b.Online ? "[green]●[/] " : "[red]○[/] ") + Markup.Escape(Fit(b.Id, widths[0] - 2))),
                Value(b.Temperature, widths[1]), Value(b.Humidity, widths[2]), Value(b.Pressure, widths[3]),
                Cell(b.Firmware, widths[4]), Update(b.Update, update));
        }

        if (boards.Count > rows)
        {
            table.Caption($"+{boards.Count - rows} more boards (iotstack devices)");
        }

        return table;
    }

    /// <summary>The board's wave and where it is, in at most <paramref name="width"/> cells: a bar while the image travels.</summary>
    private static Markup Update(DeviceStatus? update, int width)
    {
        if (update is null)
        {
            return new Markup("");
        }

        string wave = Fit(update.WaveName, width);
        string Said(string what, string color) => Markup.Escape(wave) + (wave.Length + 1 + what.Length <= width ? $" [{color}]{Markup.Escape(what)}[/]" : "");
        return new Markup(update.State switch
        {
            _ when update.Wave < 0 => $"[grey]{Markup.Escape(wave)}[/]",
            DeviceRolloutState.Confirmed => Said("confirmed", "green"),
            DeviceRolloutState.Failed or DeviceRolloutState.RolledBack => Said(update.State == DeviceRolloutState.Failed ? "failed" : "rolled back", "red"),
            DeviceRolloutState.Pending or DeviceRolloutState.Offered => Said("offered", "default"),
            DeviceRolloutState.Retrying => Said("retrying", "yellow"),
            DeviceRolloutState.Verifying => Said("verifying", "yellow"),
            DeviceRolloutState.Installed => Said("rebooting", "yellow"),
            // Downloading: "batch 1 ━━━━──── 40%".
            _ when width - wave.Length - 6 >= 3 => $"{Markup.Escape(wave)} [yellow]{Bar(update.Percent, width - wave.Length - 6)}[/] {update.Percent,3}%",
            _ => Said($"{update.Percent}%", "yellow"),
        });
    }

    private static IEnumerable<IRenderable> Rollout(DemoFrame frame, int width)
    {
        if (frame.Rollout is not { } status)
        {
            yield return new Text(Fit("OTA: " + frame.OtaStage, width));
            yield break;
        }

        // Per wave: how many of its boards are confirmed, e.g. "canary 1/1, batch 1 2/5".
        string waves = string.Join(", ", status.Devices.Where(d => d.Wave >= 0).GroupBy(d => d.Wave).OrderBy(g => g.Key)
            .Select(g => $"{WaveName.Of(g.Key)} {g.Count(d => d.State == DeviceRolloutState.Confirmed)}/{g.Count()}"));
        string state = status.State == CampaignState.Soaking ? $"soaking {status.WaveName} before the next wave" : $"{status.State}, {status.WaveName}";
        yield return new Text(Fit($"OTA {status.Id}: {state}" + (waves.Length > 0 ? " | " + waves : "") + (status.Reason is { Length: > 0 } r ? " | " + r : ""), width));
        int total = Math.Max(1, status.Devices.Count);
        int percent = status.Devices.Sum(d => d.State == DeviceRolloutState.Confirmed ? 100 : d.Percent) / total;
        string counts = $" {status.Count(DeviceRolloutState.Confirmed)}/{status.Devices.Count} confirmed";
        yield return new Markup($"[green]{Bar(percent, Math.Max(10, width - counts.Length - 6))}[/] {percent,3}%{counts}");
    }

    private static Table Alerts(IReadOnlyList<AlertRecord> alerts, int width)
    {
        bool wide = width >= WideColumns;
        int[] widths = wide ? [4, 9, 2, 14, 8, 12, 8] : [4, 9, 14, 9];
        int message = Rest(width, widths);
        var table = new Table().Border(TableBorder.Simple).Title("Recent alerts");
        string[] headers = wide ? ["#", "board", "ch", "rule", "severity", "status", "opened"] : ["#", "board", "rule", "status"];
        for (int i = 0; i < headers.Length; i++)
        {
            table.AddColumn(Column(headers[i], widths[i], right: headers[i] is "#" or "ch"));
        }

        table.AddColumn(Column("message", message));
        foreach (AlertRecord a in alerts)
        {
            string color = a.Status switch { AlertStatus.Open => "red", AlertStatus.Acknowledged => "yellow", _ => "green" };
            int w = 0;
            var cells = new List<IRenderable> { Cell(N(a.Id), widths[w++]), Cell(a.DeviceId, widths[w++]) };
            if (wide)
            {
                cells.Add(Cell(N(a.Channel), widths[w++]));
            }

            cells.Add(Cell(a.Rule, widths[w++]));
            if (wide)
            {
                cells.Add(Cell(a.Severity.ToString(), widths[w++]));
            }

            string status = Fit(a.Status + (a.Flapping ? " (flapping)" : ""), widths[w++]);
            cells.Add(new Markup($"[{color}]{Markup.Escape(status)}[/]"));
            if (wide)
            {
                cells.Add(Cell(a.OpenedAt.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture), widths[w++]));
            }

            cells.Add(Cell(a.Message, message));
            table.AddRow(cells);
        }

        return table;
    }

    /// <summary>
    /// What is left for the last column of a simple-bordered table after the fixed ones: each column takes its width,
    /// one cell of padding either side and a separator, so the table never grows past the terminal and Spectre never
    /// has to shrink (and wrap) a column.
    /// </summary>
    private static int Rest(int width, int[] fixedWidths) => Math.Max(8, width - fixedWidths.Sum() - (3 * (fixedWidths.Length + 1)) - 1);

    private static TableColumn Column(string header, int? width, bool right = false)
    {
        var column = new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))).NoWrap();
        column.Width = width;
        return right ? column.RightAligned() : column;
    }

    /// <summary>Text cut to the column with "…": Spectre then never wraps it.</summary>
    private static Text Cell(string text, int width) => new(Fit(text, width));

    private static Text Value(float? value, int width) =>
        Cell(value is { } v && float.IsFinite(v) ? v.ToString("F1", CultureInfo.InvariantCulture) : "–", width);

    private static int Height(IRenderable part, RenderOptions options, int width) => Segment.SplitLines(part.Render(options, width), width).Count;

    private static string Fit(string text, int width) => text.Length <= width ? text : width <= 1 ? "…" : text[..(width - 1)] + "…";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
