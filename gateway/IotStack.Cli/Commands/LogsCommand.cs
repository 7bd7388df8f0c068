using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using IotStack.Cli.Client;
using IotStack.Gateway.Api;
using Spectre.Console;

namespace IotStack.Cli.Commands;

/// <summary>
/// <c>iotstack logs [--device D] [--level L] [--grep T] [--follow]</c>: the gateway's log search (device and host
/// logs), oldest first; <c>--follow</c> then polls <c>/api/logs?since=</c> for newer lines until Ctrl-C.
/// </summary>
internal static class LogsCommand
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var device = new Option<string?>("--device", "--source") { Description = "Only lines from this device or host." };
        var level = new Option<string?>("--level") { Description = "Minimum level: trace, debug, info, warning, error, critical." };
        var grep = new Option<string?>("--grep") { Description = "Only lines whose message contains this text (case-insensitive)." };
        var limit = new Option<int>("--limit") { Description = "How many recent lines to show first.", DefaultValueFactory = _ => 100 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new matching lines until Ctrl-C." };
        var command = new Command("logs", "Search device and host logs; --follow tails them.") { device, level, grep, limit, follow };
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(ClientOptions.Connection(parse),
            new LogsRequest(parse.GetValue(device), parse.GetValue(level), parse.GetValue(grep), parse.GetValue(limit), parse.GetValue(follow)),
            Console.Out, PollInterval, ct));
        return command;
    }

    /// <returns>0 when done (or stopped while following), 1 when the gateway refused or was unreachable.</returns>
    public static async Task<int> RunAsync(GatewayConnection connection, LogsRequest request, TextWriter output, TimeSpan pollInterval, CancellationToken ct)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        int code = await GatewayClient.RunAsync(connection, async client =>
        {
            List<LogLineDto> recent = await ReadAsync(client, request, "&limit=" + request.Limit.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
            recent.Reverse();
            var tail = new FollowState();
            Print(recent, tail, output);
            try
            {
                while (request.Follow)
                {
                    await Task.Delay(pollInterval, ct).ConfigureAwait(false);
                    bool first = tail.Last is null;
                    string since = tail.Last is { } last ? "&since=" + Uri.EscapeDataString(last.ToString("O", CultureInfo.InvariantCulture)) : "";
                    List<LogLineDto> newer = await ReadAsync(client, request, since + "&limit=1000", ct).ConfigureAwait(false);
                    if (first)
                    {
                        newer.Reverse();
                    }

                    Print(newer, tail, output);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C is how a tail ends.
            }
        }, console).ConfigureAwait(false);
        return code;
    }

    private static async Task<List<LogLineDto>> ReadAsync(HttpClient client, LogsRequest request, string extra, CancellationToken ct)
    {
        string query = "api/logs?" + string.Join('&', new[] { ("source", request.Source), ("level", request.Level), ("q", request.Grep) }
            .Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!))) + extra;
        using HttpResponseMessage response = await client.GetAsync(new Uri(query, UriKind.Relative), ct).ConfigureAwait(false);
        await GatewayClient.EnsureSuccessAsync(response, ct).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<List<LogLineDto>>(GatewayClient.Json, ct).ConfigureAwait(false) ?? [];
    }

    /// <summary>Prints lines oldest first, skipping those of the boundary millisecond already printed (a <c>since</c> poll returns them again).</summary>
    private static void Print(IEnumerable<LogLineDto> lines, FollowState tail, TextWriter output)
    {
        foreach (LogLineDto line in lines)
        {
            string key = $"{line.Source}|{line.Component}|{line.Level}|{line.Message}";
            if (line.At == tail.Last && !tail.AtLast.Add(key))
            {
                continue;
            }

            if (tail.Last is null || line.At > tail.Last)
            {
                tail.Last = line.At;
                tail.AtLast.Clear();
                tail.AtLast.Add(key);
            }

            output.WriteLine(Format(line));
        }

        output.Flush();
    }

    public static string Format(LogLineDto line) =>
        $"{line.At.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} {line.Level,-8} {line.Source} {(line.Component.Length > 0 ? line.Component + ": " : "")}{line.Message}";

    private sealed class FollowState
    {
        public DateTimeOffset? Last { get; set; }

        public HashSet<string> AtLast { get; } = new(StringComparer.Ordinal);
    }
}
