using System.CommandLine;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace IotStack.Cli.Commands;

/// <summary><c>iotstack gateway [--IotStack:Section:Key=value …]</c>: runs the gateway until Ctrl-C.</summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var command = new Command("gateway", "Run the gateway (configuration: appsettings.json, IOTSTACK__* environment variables, --IotStack:Key=value arguments).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] hostArgs = parse.UnmatchedTokens.ToArray();
            return await RunAsync(() => GatewayComposition.Build(hostArgs), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs a host; a configuration mistake prints every problem and exits 2 instead of a stack trace.</summary>
    public static async Task<int> RunAsync(Func<WebApplication> build, CancellationToken cancellationToken)
    {
        try
        {
            await using WebApplication app = build();
            if (PortCheck.FirstBusy(app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value) is { } busy)
            {
                return PortInUse($"{busy} is in use");
            }

            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            // A gateway that lost its client id to another stops itself and sets the exit code on the way.
            return Environment.ExitCode;
        }
        catch (OptionsValidationException ex)
        {
            return ConfigurationError(ex.Failures);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // Taken between the check and the bind: Kestrel says which address.
            return PortInUse(ex.Message);
        }
        catch (ClientIdInUseException ex)
        {
            // One line, no stack trace: another gateway owns this MQTT session, and that is an operator's decision.
            Console.Error.WriteLine(ex.Message);
            return GatewayMqttClient.ClientIdInUseExitCode;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("IotStack", StringComparison.Ordinal) || ex.InnerException is FormatException)
        {
            // Binding failures ("Failed to convert configuration value at 'IotStack:Broker:Port'").
            return ConfigurationError([ex.Message]);
        }
    }

    private static int PortInUse(string what)
    {
        Console.Error.WriteLine($"{what}: another gateway running? Stop it, or choose other ports: --IotStack:Http:Urls=http://127.0.0.1:5081 --IotStack:Broker:Port=1884");
        return 3;
    }

    private static int ConfigurationError(IEnumerable<string> failures)
    {
        AnsiConsole.MarkupLine("[red]Configuration is invalid:[/]");
        foreach (string failure in failures)
        {
            AnsiConsole.MarkupLineInterpolated($"  - {failure}");
        }

        return 2;
    }
}
