using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using IotStack.Cli.Client;
using IotStack.Gateway.Api;
using Spectre.Console;

namespace IotStack.Cli.Commands;

/// <summary>Thin clients of a running gateway's HTTP API: devices, alerts [ack|resolve], series.</summary>
internal static class ClientCommands
{
    public static Command Devices()
    {
        var command = new Command("devices", "List devices the gateway knows.");
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => GatewayClient.RunAsync(ClientOptions.Connection(parse), async client =>
        {
            List<DeviceDto> devices = await client.GetFromJsonAsync<List<DeviceDto>>("api/devices", GatewayClient.Json, ct).ConfigureAwait(false) ?? [];
            // Fits 80 columns: ids never split, times as an age (the API has the exact ones).
            DateTimeOffset now = TimeProvider.System.GetUtcNow();
            Table table = Compact(new Table()).AddColumns(Whole("device"), Whole("fleet"), Whole("online"), Whole("state"), Whole("seen"), Whole("firmware"),
                new TableColumn("errors").RightAligned(), new TableColumn("seq").RightAligned());
            foreach (DeviceDto d in devices)
            {
                table.AddRow(Markup.Escape(d.DeviceId), Markup.Escape(d.Fleet), d.Online ? "[green]yes[/]" : "[red]no[/]", d.State,
                    Age(now, d.LastSeen), Markup.Escape(d.Firmware ?? ""), Num(d.SensorErrors), Num(d.LastSequence));
            }

            AnsiConsole.Write(table);
        }));
        command.Subcommands.Add(DeviceCredentialCommands.Add());
        command.Subcommands.Add(DeviceCredentialCommands.Revoke());
        command.Subcommands.Add(DeviceCredentialCommands.List());
        command.Subcommands.Add(ClaimTokenCommands.Create());
        return command;
    }

    public static Command Alerts()
    {
        var active = new Option<bool>("--active") { Description = "Only open or acknowledged alerts." };
        var device = new Option<string?>("--device") { Description = "Only this device." };
        var severity = new Option<string?>("--min-severity") { Description = "Only alerts at this severity or above: info, warning or critical." };
        severity.AcceptOnlyFromAmong("info", "warning", "critical");
        var command = new Command("alerts", "List alerts; `alerts ack <id>` / `alerts resolve <id>` change one.") { active, device, severity };
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => GatewayClient.RunAsync(ClientOptions.Connection(parse), async client =>
        {
            string query = $"api/alerts?active={parse.GetValue(active).ToString().ToLowerInvariant()}" +
                           (parse.GetValue(device) is { } d ? "&device=" + Uri.EscapeDataString(d) : "") +
                           (parse.GetValue(severity) is { } s ? "&severity=" + s : "");
            List<AlertDto> alerts = await client.GetFromJsonAsync<List<AlertDto>>(query, GatewayClient.Json, ct).ConfigureAwait(false) ?? [];
            // Fits 80 columns: every column but the message keeps its words whole; the message wraps.
            DateTimeOffset now = TimeProvider.System.GetUtcNow();
            Table table = Compact(new Table()).AddColumns(Whole("#"), Whole("device"), Whole("ch"), Whole("rule"), Whole("severity"), Whole("status"),
                Whole("opened"), Whole("signals"), new TableColumn("message"));
            foreach (AlertDto a in alerts)
            {
                table.AddRow(Num(a.Id), Markup.Escape(a.DeviceId), Num(a.Channel), Markup.Escape(a.Rule), a.Severity, a.Status + (a.Flapping ? " (flapping)" : ""),
                    Age(now, a.OpenedAt), Num(a.SignalCount), Markup.Escape(a.Message));
            }

            AnsiConsole.Write(table);
        }));
        command.Subcommands.Add(AlertAction("ack", "Acknowledge an alert (stops reminders and escalation)."));
        command.Subcommands.Add(AlertAction("resolve", "Resolve an alert."));
        return command;
    }

    /// <summary>A time as an operator reads it at a glance: "12s ago", "5m ago", "3h ago", then the UTC date.</summary>
    internal static string Age(DateTimeOffset now, DateTimeOffset at) => (now - at).TotalSeconds switch
    {
        < 1 => "now",
        < 60 and var s => $"{(int)s}s ago",
        < 3600 and var s => $"{(int)(s / 60)}m ago",
        < 86_400 and var s => $"{(int)(s / 3600)}h ago",
        _ => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static Table Compact(Table table) => table.Border(TableBorder.Simple);

    private static TableColumn Whole(string header) => new TableColumn(header).NoWrap();

    public static Command Series()
    {
        var device = new Argument<string>("device") { Description = "Device id." };
        var channel = new Option<int>("--channel") { Description = "Channel number (1 temperature, 2 humidity, 3 pressure).", DefaultValueFactory = _ => 1 };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start (ISO 8601); default one hour before --to." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End (ISO 8601); default now." };
        var resolution = new Option<string>("--resolution") { Description = "auto, raw, 1m or 1h.", DefaultValueFactory = _ => "auto" };
        var table = new Option<bool>("--table") { Description = "Also list every point (time, min, max, mean, count)." };
        var command = new Command("series", "Chart a device's samples or rollups in the terminal (mean sparkline, min/max envelope).") { device, channel, from, to, resolution, table };
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => SeriesAsync(ClientOptions.Connection(parse), new SeriesRequest(parse.GetValue(device)!, parse.GetValue(channel), parse.GetValue(from),
            parse.GetValue(to), parse.GetValue(resolution)!, parse.GetValue(table)), AnsiConsole.Console, ct));
        return command;
    }

    public static Task<int> SeriesAsync(GatewayConnection connection, SeriesRequest request, IAnsiConsole console, CancellationToken ct) =>
        GatewayClient.RunAsync(connection, async client =>
        {
            await EnsureDeviceAsync(client, request.Device, ct).ConfigureAwait(false);
            string query = $"api/devices/{Uri.EscapeDataString(request.Device)}/series?channel={request.Channel}&resolution={Uri.EscapeDataString(request.Resolution)}" +
                           (request.From is { } f ? "&from=" + Uri.EscapeDataString(f.ToString("O", CultureInfo.InvariantCulture)) : "") +
                           (request.To is { } t ? "&to=" + Uri.EscapeDataString(t.ToString("O", CultureInfo.InvariantCulture)) : "");
            using HttpResponseMessage response = await client.GetAsync(new Uri(query, UriKind.Relative), ct).ConfigureAwait(false);
            await GatewayClient.EnsureSuccessAsync(response, ct).ConfigureAwait(false);
            SeriesDto? series = await response.Content.ReadFromJsonAsync<SeriesDto>(GatewayClient.Json, ct).ConfigureAwait(false);
            if (series is null)
            {
                return;
            }

            if (series.Points.Count == 0 && !await HasAnyDataAsync(client, request, ct).ConfigureAwait(false))
            {
                throw new GatewayClientException($"Device '{request.Device}' has no data on channel {request.Channel} ({series.ChannelName}).");
            }

            console.Write(Charts.TerminalChart.Render(series, Math.Clamp(console.Profile.Width - 12, 20, 160)));
            if (request.Table)
            {
                var rows = new Table().AddColumns("time", "min", "max", "mean", "count");
                foreach (var p in series.Points)
                {
                    rows.AddRow(p.Time.ToString("u", CultureInfo.InvariantCulture), F(p.Min), F(p.Max), F(p.Mean), Num(p.Count));
                }

                console.Write(rows);
            }
        }, console);

    private static async Task EnsureDeviceAsync(HttpClient client, string device, CancellationToken ct)
    {
        using HttpResponseMessage response = await client.GetAsync(new Uri($"api/devices/{Uri.EscapeDataString(device)}", UriKind.Relative), ct).ConfigureAwait(false);
        await GatewayClient.EnsureSuccessAsync(response, ct, $"No device '{device}': `iotstack devices` lists them.").ConfigureAwait(false);
    }

    /// <summary>An empty range is normal for a quiet channel; a channel that never had a sample is a mistake worth saying.</summary>
    private static async Task<bool> HasAnyDataAsync(HttpClient client, SeriesRequest request, CancellationToken ct)
    {
        DateTimeOffset to = TimeProvider.System.GetUtcNow();
        string query = $"api/devices/{Uri.EscapeDataString(request.Device)}/series?channel={request.Channel}&resolution=1h" +
                       "&from=" + Uri.EscapeDataString(to.AddYears(-10).ToString("O", CultureInfo.InvariantCulture)) +
                       "&to=" + Uri.EscapeDataString(to.AddDays(1).ToString("O", CultureInfo.InvariantCulture));
        SeriesDto? all = await client.GetFromJsonAsync<SeriesDto>(query, GatewayClient.Json, ct).ConfigureAwait(false);
        return all is { Points.Count: > 0 };
    }

    private static Command AlertAction(string action, string description)
    {
        var id = new Argument<long>("id") { Description = "Alert number." };
        var by = new Option<string>("--by") { Description = "Who is acting (recorded on the timeline).", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command(action, description) { id, by };
        command.SetAction((parse, ct) => GatewayClient.RunAsync(ClientOptions.Connection(parse), async client =>
        {
            using HttpResponseMessage response = await client.PostAsJsonAsync($"api/alerts/{parse.GetValue(id)}/{action}", new OperatorRequest(parse.GetValue(by)), ct).ConfigureAwait(false);
            await GatewayClient.EnsureSuccessAsync(response, ct, $"No alert #{parse.GetValue(id)}: `iotstack alerts` lists them.").ConfigureAwait(false);

            AlertDto? alert = await response.Content.ReadFromJsonAsync<AlertDto>(GatewayClient.Json, ct).ConfigureAwait(false);
            if (action == "ack" && alert is { Status: "Resolved" })
            {
                // The gateway answers with the alert as it is; acknowledging a closed one changed nothing, and a script must know.
                throw new GatewayClientException($"Alert #{alert.Id} was resolved already (by {alert.ResolvedBy ?? "?"}): nothing to acknowledge.");
            }

            AnsiConsole.MarkupLineInterpolated($"alert #{alert?.Id} is now {alert?.Status}");
        }));
        return command;
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string F(double value) => value.ToString("G5", CultureInfo.InvariantCulture);
}
