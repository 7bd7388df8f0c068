using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using IotStack.Cli.Client;
using IotStack.Gateway.Api;
using Spectre.Console;

namespace IotStack.Cli.Commands;

/// <summary>
/// <c>devices add</c>, <c>devices revoke</c> and <c>devices credentials</c>: a board's own broker identity, issued by the
/// gateway (admin token). <c>add</c> writes the board's config file (mode 0600: it holds the secret); the secret is
/// printed nowhere.
/// </summary>
internal static class DeviceCredentialCommands
{
    public static Command Add()
    {
        var device = new Argument<string>("device") { Description = "Device id (1-64 of A-Z a-z 0-9 _ . -)." };
        var fleet = new Option<string>("--fleet") { Description = "Fleet id.", DefaultValueFactory = _ => "default" };
        var output = new Option<string?>("--out") { Description = "Board config file to write (default <device>.cfg; copy it to the board as I:\\iotstack.cfg)." };
        var broker = new Option<string?>("--broker") { Description = "Broker address the board connects to, host:port (default: the gateway's broker as it sees it)." };
        var ca = new Option<string?>("--ca") { Description = "Broker CA certificate (PEM) the board pins (default: the embedded broker's CA when it listens with TLS); turns on mqtt.tls." };
        var command = new Command("add", "Give a board its own broker credential and write its config file (credential, broker, CA).") { device, fleet, output, broker, ca };
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => GatewayClient.RunAsync(ClientOptions.Connection(parse), async client =>
        {
            string id = parse.GetValue(device)!;
            string fleetId = parse.GetValue(fleet)!;
            using HttpResponseMessage response = await client.PostAsync(new Uri(CredentialPath(id, fleetId), UriKind.Relative), null, ct).ConfigureAwait(false);
            await GatewayClient.EnsureSuccessAsync(response, ct).ConfigureAwait(false);
            DeviceCredentialDto issued = await response.Content.ReadFromJsonAsync<DeviceCredentialDto>(GatewayClient.Json, ct).ConfigureAwait(false)
                ?? throw new GatewayClientException("The gateway sent no credential.");
            (string host, int port) = BrokerAddress(parse.GetValue(broker), issued);
            string path = parse.GetValue(output) ?? id + ".cfg";
            WriteBoardConfig(path, issued, host, port, parse.GetValue(ca));
            AnsiConsole.MarkupLineInterpolated($"Board [bold]{issued.UserName}[/] may connect to {host}:{port}; its config (with the secret) is in [bold]{path}[/] (mode 0600).");
        }));
        return command;
    }

    public static Command Revoke()
    {
        var device = new Argument<string>("device") { Description = "Device id." };
        var fleet = new Option<string>("--fleet") { Description = "Fleet id.", DefaultValueFactory = _ => "default" };
        var command = new Command("revoke", "Revoke a board's broker credential: it is disconnected at once and refused from then on.") { device, fleet };
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => GatewayClient.RunAsync(ClientOptions.Connection(parse), async client =>
        {
            string id = parse.GetValue(device)!;
            string fleetId = parse.GetValue(fleet)!;
            using HttpResponseMessage response = await client.DeleteAsync(new Uri(CredentialPath(id, fleetId), UriKind.Relative), ct).ConfigureAwait(false);
            await GatewayClient.EnsureSuccessAsync(response, ct, $"No credential for device '{id}' in fleet '{fleetId}': `iotstack devices credentials` lists them.").ConfigureAwait(false);
            AnsiConsole.MarkupLineInterpolated($"Revoked {fleetId}.{id}.");
        }));
        return command;
    }

    public static Command List()
    {
        var command = new Command("credentials", "List the boards that have a broker credential (never the secrets).");
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => GatewayClient.RunAsync(ClientOptions.Connection(parse), async client =>
        {
            List<DeviceCredentialDto> all = await client.GetFromJsonAsync<List<DeviceCredentialDto>>("api/device-credentials", GatewayClient.Json, ct).ConfigureAwait(false) ?? [];
            var table = new Table().AddColumns("fleet", "device", "user");
            foreach (DeviceCredentialDto c in all)
            {
                table.AddRow(Markup.Escape(c.Fleet), Markup.Escape(c.Device), Markup.Escape(c.UserName));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    /// <summary>The iotstack.cfg keys the ESP32 firmware reads (BoardConfig); Wi-Fi is left for the installer to fill in.</summary>
    internal static string BoardConfig(DeviceCredentialDto issued, string host, int port, string? caFileName)
    {
        var text = new StringBuilder()
            .Append("# Board config written by `iotstack devices add`; copy to the board as I:\\iotstack.cfg. Holds the board's secret: keep it private.\n")
            .Append("wifi.ssid=YOUR-SSID\n")
            .Append("wifi.password=YOUR-PASSWORD\n")
            .Append(CultureInfo.InvariantCulture, $"fleet={issued.Fleet}\n")
            .Append(CultureInfo.InvariantCulture, $"device={issued.Device}\n")
            .Append(CultureInfo.InvariantCulture, $"mqtt.host={host}\n")
            .Append(CultureInfo.InvariantCulture, $"mqtt.port={port}\n")
            .Append(CultureInfo.InvariantCulture, $"mqtt.user={issued.UserName}\n")
            .Append(CultureInfo.InvariantCulture, $"mqtt.secret={issued.Secret}\n");
        if (caFileName is not null)
        {
            text.Append("mqtt.tls=true\n").Append(CultureInfo.InvariantCulture, $"mqtt.ca={caFileName}\n");
        }

        return text.ToString();
    }

    private static void WriteBoardConfig(string path, DeviceCredentialDto issued, string host, int port, string? caPath)
    {
        string? caName = null;
        if (caPath is null && issued.CaPem is { } pem)
        {
            // The gateway's broker listens with TLS: the board pins its CA, written beside the config.
            caName = "broker-ca.pem";
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", caName), pem);
        }
        else if (caPath is not null)
        {
            // The CA goes to the board's flash beside the config, under its own name.
            caName = Path.GetFileName(caPath);
            string target = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", caName);
            if (!string.Equals(Path.GetFullPath(caPath), target, StringComparison.Ordinal))
            {
                File.Copy(caPath, target, overwrite: true);
            }
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, new UTF8Encoding(false), options))
        {
            writer.Write(BoardConfig(issued, host, port, caName));
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static (string Host, int Port) BrokerAddress(string? given, DeviceCredentialDto issued)
    {
        if (given is { Length: > 0 })
        {
            int colon = given.LastIndexOf(':');
            return colon > 0 && int.TryParse(given[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port)
                ? (given[..colon], port)
                : (given, 1883);
        }

        return (issued.BrokerHost ?? "127.0.0.1", issued.BrokerPort ?? 1883);
    }

    private static string CredentialPath(string device, string fleet) =>
        $"api/devices/{Uri.EscapeDataString(device)}/credential?fleet={Uri.EscapeDataString(fleet)}";
}
