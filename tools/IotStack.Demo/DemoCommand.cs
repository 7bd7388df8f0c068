using System.CommandLine;
using IotStack.Firmware.Host.Fleet;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace IotStack.Demo;

/// <summary>
/// <c>iotstack-demo</c>: the gateway on embedded defaults plus a virtual fleet with scheduled faults,
/// shown live. Needs nothing but the .NET SDK: the broker runs in-process, the store is a SQLite file.
/// </summary>
internal static class DemoCommand
{
    public static RootCommand Create()
    {
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (e.g. 90s, 3m); default: until Ctrl-C." };
        var devices = new Option<int>("--devices") { Description = "Virtual boards.", DefaultValueFactory = _ => 6 };
        var httpPort = new Option<int>("--http-port") { Description = "HTTP API port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 5080 };
        var faults = new Option<string>("--faults") { Description = "Fault plan for a third of the boards (iotstack-board --faults grammar).", DefaultValueFactory = _ => DemoFleet.DefaultFaults };
        var dataDir = new Option<string>("--data") { Description = "Folder for the demo database and board flash.", DefaultValueFactory = _ => ".iotstack" };
        var command = new RootCommand("Run the gateway with an in-process broker and a virtual fleet with scheduled faults; show telemetry and alerts live.")
        {
            duration, devices, httpPort, faults, dataDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!DurationText.TryParse(parse.GetValue(duration), out TimeSpan? limit))
            {
                AnsiConsole.MarkupLine("[red]--duration must look like 90s, 3m or 1h[/]");
                return 2;
            }

            return await RunAsync(parse.GetValue(devices), parse.GetValue(httpPort), parse.GetValue(faults)!, parse.GetValue(dataDir)!, limit, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(int deviceCount, int httpPort, string faults, string dataDirectory, TimeSpan? limit, CancellationToken cancellationToken)
    {
        string data = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(data);
        DemoOta ota = DemoOta.Prepare(data);
        Dictionary<string, string?> settings = DemoSettings.Gateway(httpPort, data);
        ota.AddSettings(settings);
        WebApplication app;
        string firstRunFile;
        bool secondRun;
        try
        {
            app = GatewayComposition.Build([], settings);
            // Before start: the first start writes the first-run admin (and prints its password), a later one does not.
            firstRunFile = Path.GetFullPath(app.Services.GetRequiredService<ConsoleOptions>().FirstRunFile);
            secondRun = File.Exists(firstRunFile);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Configuration is invalid:[/] {string.Join("; ", ex.Failures)}");
            return 2;
        }
        catch (IOException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Could not start the gateway:[/] {ex.Message} (try --http-port 0)");
            return 1;
        }

        await using (app.ConfigureAwait(false))
        {
            BrokerEndpoint endpoint = app.Services.GetRequiredService<BrokerEndpoint>();
            var (host, port) = await endpoint.WaitAsync(cancellationToken).ConfigureAwait(false);
            // The boards use MQTT over TLS with the broker's CA pinned; the plain port serves only this machine.
            BrokerConnection boards = endpoint.TlsListener ?? new BrokerConnection(host, port);
            string api = app.Urls.FirstOrDefault() ?? "";
            string tokenFile = app.Services.GetRequiredService<TokenDirectory>().LocalTokenFile ?? "(Console:Tokens)";
            AnsiConsole.MarkupLineInterpolated($"[bold]IotStack demo[/]: {deviceCount} virtual boards, broker 127.0.0.1:{port} (in-process; boards use MQTT over TLS on {boards.Port}), store {data}");
            AnsiConsole.MarkupLineInterpolated($"  console  {api}/console  user {UserDirectory.FirstRunName}");
            if (secondRun)
            {
                // The password is printed once, on the first run; say where it went and how to get a new one.
                AnsiConsole.MarkupLineInterpolated($"           password: the one printed on the first run (only its hash is in {firstRunFile})");
                AnsiConsole.MarkupLineInterpolated($"           forgot it: iotstack console reset-password --file {firstRunFile}");
            }
            else
            {
                AnsiConsole.MarkupLine("           password: printed above, once (first run)");
            }

            AnsiConsole.MarkupLineInterpolated($"  API      {api}  admin token in {tokenFile}");
            // Written past Spectre's line breaking: the terminal wraps it softly, so a copied command stays whole.
            System.Console.Out.WriteLine($"           iotstack devices --url {api} --token-file {tokenFile}");
            AnsiConsole.MarkupLineInterpolated($"  metrics  {api}/metrics (no token needed from this machine)");
            AnsiConsole.MarkupLineInterpolated($"  faults   on a third of the boards: {faults}");
            using VirtualFleet fleet = DemoFleet.Start(boards.Host, boards.Port, boards.Ca, deviceCount, faults, Path.Combine(data, "boards"), TimeProvider.System, IssueCredential(app.Services), ota.PublicKey);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await DemoMaintenance.ShowAsync(app.Services, stop.Token).ConfigureAwait(false);
            AnsiConsole.MarkupLineInterpolated($"OTA: release {ota.Version} signed with a throwaway key ({ota.Folder}); rollout: canary (1 board), {DemoOta.Soak.TotalSeconds:F0} s soak, then batch 1 (the rest)");
            Task rollout = ota.RunAsync(app.Services, deviceCount, TimeSpan.FromSeconds(3), stop.Token);
            if (limit is { } l)
            {
                stop.CancelAfter(l);
            }

            var view = new DemoView(app.Services, fleet, ota);
            await view.RunAsync(stop.Token).ConfigureAwait(false);
            await rollout.ConfigureAwait(false);
            // The last frame while every board still runs: the summary's "online" is what the screen showed.
            DemoFrame last = await view.CaptureAsync().ConfigureAwait(false);
            AnsiConsole.WriteLine(DemoView.OtaLine(last));
            IReadOnlyList<AlertRecord> alerts = await view.RunAlertsAsync().ConfigureAwait(false);
            fleet.Stop();
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            AnsiConsole.Write(view.Summary(alerts, data));
        }

        return 0;
    }

    /// <summary>Gives each demo board its own broker credential from the gateway's store (only the hash is kept there).</summary>
    private static Func<string, IotStack.Firmware.Host.Hal.BrokerCredential?> IssueCredential(IServiceProvider services)
    {
        var store = services.GetRequiredService<IotStack.Gateway.Broker.Access.DeviceCredentialStore>();
        return device => new IotStack.Firmware.Host.Hal.BrokerCredential(
            IotStack.Gateway.Broker.Access.DeviceCredential.UserNameOf(DemoFleet.Fleet, device), store.Issue(DemoFleet.Fleet, device));
    }
}
