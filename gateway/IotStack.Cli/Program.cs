using System.CommandLine;
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
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
