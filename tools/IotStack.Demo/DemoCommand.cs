using System.CommandLine;
using IotStack.Firmware.Host.Fleet;
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
        try
        {
            app = GatewayComposition.Build([], settings);
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
            var (host, port) = await app.Services.GetRequiredService<BrokerEndpoint>().WaitAsync(cancellationToken).ConfigureAwait(false);
            string api = app.Urls.FirstOrDefault() ?? "";
            string tokenFile = app.Services.GetRequiredService<TokenDirectory>().LocalTokenFile ?? "(Console:Tokens)";
            AnsiConsole.MarkupLineInterpolated($"[bold]IotStack demo[/]: broker 127.0.0.1:{port} (embedded), API {api}, console {api}/console, store {data}");
            AnsiConsole.MarkupLineInterpolated($"API token (admin) in {tokenFile}: iotstack alerts --url {api} --token-file {tokenFile}; {api}/metrics needs none from this machine");
            AnsiConsole.MarkupLineInterpolated($"{deviceCount} virtual boards; faults on a third of them: {faults}");
            using VirtualFleet fleet = DemoFleet.Start(host, port, deviceCount, faults, Path.Combine(data, "boards"), TimeProvider.System, ota.PublicKey);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await DemoMaintenance.ShowAsync(app.Services, stop.Token).ConfigureAwait(false);
            AnsiConsole.MarkupLineInterpolated($"OTA: signing key {ota.Folder} (throwaway), release {ota.Version} to the local store, campaign canary 1 then the rest");
            Task rollout = ota.RunAsync(app.Services, deviceCount, TimeSpan.FromSeconds(3), stop.Token);
            if (limit is { } l)
            {
                stop.CancelAfter(l);
            }

            var view = new DemoView(app.Services, fleet, ota);
            await view.RunAsync(stop.Token).ConfigureAwait(false);
            await rollout.ConfigureAwait(false);
            AnsiConsole.WriteLine(view.OtaLine());
            fleet.Stop();
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            AnsiConsole.Write(view.Summary());
        }

        return 0;
    }
}
