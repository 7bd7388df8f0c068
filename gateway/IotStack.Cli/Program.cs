using System.CommandLine;
using System.CommandLine.Parsing;
using IotStack.Cli.Commands;

// `iotstack`: run the gateway or talk to a running gateway's HTTP API.
var root = new RootCommand("IotStack: gateway for a fleet of IoT boards (telemetry, anomaly detection, alerts).")
{
    GatewayCommand.Create(),
    ClientCommands.Devices(),
    ClientCommands.Alerts(),
    ClientCommands.Series(),
    LogsCommand.Create(),
    OtaCommands.Create(),
    ConsoleCommands.Create(),
    HostsCommands.Create(),
};
ParseResult parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // A mistyped command or value is one line on stderr, not a page of help (help is one flag away).
    // The full path of the command the mistake is in ("iotstack alerts ack"), for its help.
    var path = new List<string>();
    for (SymbolResult? at = parse.CommandResult; at is CommandResult c && c.Command != root; at = c.Parent)
    {
        path.Insert(0, c.Command.Name);
    }

    string command = string.Join(' ', ["iotstack", .. path]);
    Console.Error.WriteLine(string.Join(' ', parse.Errors.Select(e => string.Join(' ', e.Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))).OrderBy(m => m.StartsWith("Required", StringComparison.Ordinal)))
        + $" See `{command} --help`.");
    return 1;
}

return await parse.InvokeAsync().ConfigureAwait(false);
