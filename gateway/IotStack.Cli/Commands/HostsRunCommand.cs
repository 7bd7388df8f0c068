using System.CommandLine;
using System.Net.Http.Json;
using IotStack.Cli.Client;
using IotStack.Gateway.Api;
using Spectre.Console;

namespace IotStack.Cli.Commands;

/// <summary>
/// <c>iotstack hosts run &lt;template&gt; --host H [--arg k=v]… [--yes]</c>: one allowlisted command on a maintained
/// host through the gateway (admin token; the gateway validates, runs over SSH and audits it). Asks first unless --yes.
/// </summary>
internal static class HostsRunCommand
{
    public static Command Create()
    {
        var template = new Argument<string>("template") { Description = "Allowlisted command template (e.g. disk-usage, service-status)." };
        var host = new Option<string>("--host") { Description = "Host name as listed under Maintenance:Hosts.", Required = true };
        var args = new Option<string[]>("--arg") { Description = "Template argument as name=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var yes = new Option<bool>("--yes") { Description = "Run without asking." };
        var command = new Command("run", "Run an allowlisted command on a host through the gateway (admin token).") { template, host, args, yes };
        ClientOptions.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(ClientOptions.Connection(parse), parse.GetValue(host)!, parse.GetValue(template)!, parse.GetValue(args) ?? [],
            parse.GetValue(yes), Console.In, Console.Out, ct));
        return command;
    }

    /// <returns>0 the command succeeded, 1 it failed or was refused or not confirmed, 2 a malformed --arg.</returns>
    public static async Task<int> RunAsync(GatewayConnection connection, string host, string template, IReadOnlyList<string> args, bool assumeYes,
        TextReader input, TextWriter output, CancellationToken ct)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string arg in args)
        {
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                output.WriteLine($"--arg must look like name=value, not '{arg}'.");
                return 2;
            }

            arguments[arg[..equals]] = arg[(equals + 1)..];
        }

        string described = template + string.Concat(arguments.Select(a => $" {a.Key}={a.Value}"));
        if (!assumeYes)
        {
            output.Write($"Run '{described}' on {host}? [y/N] ");
            output.Flush();
            string answer = (await input.ReadLineAsync(ct).ConfigureAwait(false) ?? "").Trim();
            if (!answer.Equals("y", StringComparison.OrdinalIgnoreCase) && !answer.Equals("yes", StringComparison.OrdinalIgnoreCase))
            {
                output.WriteLine("Not run.");
                return 1;
            }
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        HostRunDto? outcome = null;
        int code = await GatewayClient.RunAsync(connection, async client =>
        {
            using HttpResponseMessage response = await client.PostAsJsonAsync(new Uri($"api/hosts/{Uri.EscapeDataString(host)}/run", UriKind.Relative),
                new HostRunRequest(template, arguments, Environment.UserName), GatewayClient.Json, ct).ConfigureAwait(false);
            if (response.StatusCode != System.Net.HttpStatusCode.UnprocessableEntity)
            {
                await GatewayClient.EnsureSuccessAsync(response, ct).ConfigureAwait(false);
            }

            outcome = await response.Content.ReadFromJsonAsync<HostRunDto>(GatewayClient.Json, ct).ConfigureAwait(false);
        }, console, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        if (outcome is null)
        {
            return code == 0 ? 1 : code;
        }

        output.WriteLine($"{outcome.Host} {outcome.Template}: {outcome.Status}{(outcome.ExitCode is { } exit ? $" (exit {exit})" : "")} audit #{outcome.AuditId}");
        if (outcome.Message.Length > 0 && outcome.Status != "Succeeded")
        {
            output.WriteLine(outcome.Message);
        }

        output.Write(outcome.Output);
        if (outcome.Error.Length > 0)
        {
            output.Write(outcome.Error);
        }

        output.Flush();
        return outcome.Status == "Succeeded" ? 0 : 1;
    }
}
