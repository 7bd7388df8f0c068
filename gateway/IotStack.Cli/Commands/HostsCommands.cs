using System.CommandLine;
using IotStack.Maintenance;
using IotStack.Maintenance.Hosts;
using Microsoft.Extensions.Configuration;
using HostOptions = IotStack.Maintenance.Hosts.HostOptions;

namespace IotStack.Cli.Commands;

/// <summary>
/// <c>iotstack hosts trust &lt;host&gt; --config appsettings.json</c>: shows the key the host presents and pins it in the
/// config file only after the operator confirms it (compare with <c>ssh-keygen -lf</c> on the host's console).
/// Nothing is trusted on first use: the gateway refuses a host until this has been done.
/// </summary>
internal static class HostsCommands
{
    public static Command Create()
    {
        var host = new Argument<string>("host") { Description = "Host name as listed under Maintenance:Hosts." };
        var config = new Option<string>("--config") { Description = "JSON configuration file holding Maintenance:Hosts.", DefaultValueFactory = _ => "appsettings.json" };
        var yes = new Option<bool>("--yes") { Description = "Pin without asking (only after checking the fingerprint out of band)." };
        var trust = new Command("trust", "Show a host's SSH key fingerprint and pin it after confirmation.") { host, config, yes };
        trust.SetAction((parse, ct) => TrustAsync(parse.GetValue(config)!, parse.GetValue(host)!, parse.GetValue(yes), Console.In, Console.Out, ct));
        return new Command("hosts", "Linux hosts managed over SSH.") { trust, HostsRunCommand.Create() };
    }

    /// <returns>0 pinned or already pinned, 1 not confirmed or unreachable, 2 bad config or host.</returns>
    public static async Task<int> TrustAsync(string configPath, string hostName, bool assumeYes, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(configPath))
        {
            output.WriteLine($"Config file '{configPath}' not found.");
            return 2;
        }

        MaintenanceOptions options;
        try
        {
            options = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configPath), optional: false).Build()
                .GetSection(MaintenanceOptions.SectionName).Get<MaintenanceOptions>() ?? new MaintenanceOptions();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            output.WriteLine($"Config file '{configPath}' is not valid JSON: {ex.Message}");
            return 2;
        }

        HostOptions? host = options.Hosts.FirstOrDefault(h => string.Equals(h.Name, hostName, StringComparison.OrdinalIgnoreCase));
        if (host is null)
        {
            output.WriteLine($"No host '{hostName}' under Maintenance:Hosts in '{configPath}'.");
            return 2;
        }

        HostKeyProbe probe = await HostTrust.FetchFingerprintAsync(host, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        if (!probe.Succeeded)
        {
            output.WriteLine($"Could not read the host key of {host.Address}:{host.Port}: {probe.Error}");
            return 1;
        }

        output.WriteLine($"{host.Name} ({host.Address}:{host.Port}) presents {probe.KeyType} key {probe.Fingerprint}");
        if (!assumeYes)
        {
            output.Write("Pin this key? Type 'yes' after comparing it on the host's console: ");
            if (!string.Equals(input.ReadLine()?.Trim(), "yes", StringComparison.Ordinal))
            {
                output.WriteLine("Not pinned.");
                return 1;
            }
        }

        TrustRecordResult result = await HostTrust.RecordFingerprintAsync(configPath, host.Name, probe.Fingerprint!, cancellationToken).ConfigureAwait(false);
        output.WriteLine(result switch
        {
            TrustRecordResult.Recorded => $"Pinned {probe.Fingerprint} for {host.Name} in {configPath}.",
            TrustRecordResult.Unchanged => $"{host.Name} was already pinned to this key.",
            _ => $"Not pinned: {result}.",
        });
        return result is TrustRecordResult.Recorded or TrustRecordResult.Unchanged ? 0 : 2;
    }
}
