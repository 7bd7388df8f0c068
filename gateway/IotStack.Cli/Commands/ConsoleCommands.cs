using System.CommandLine;
using IotStack.Gateway.Auth;
using Spectre.Console;

namespace IotStack.Cli.Commands;

/// <summary>
/// <c>iotstack console hash-password</c> and <c>iotstack console new-token</c>: produce the values for
/// <c>Console:Users</c> and <c>Console:Tokens</c>. Neither writes anything to disk; secrets go to the terminal only.
/// </summary>
internal static class ConsoleCommands
{
    public static Command Create()
    {
        var hash = new Command("hash-password", "Hash a console password (read from standard input when piped, else prompted) for Console:Users:N:PasswordHash.");
        hash.SetAction(_ =>
        {
            string? password = Console.IsInputRedirected ? Console.In.ReadLine() : Prompt();
            return HashPassword(password, Console.Out);
        });

        var name = new Option<string>("--name") { Description = "Who the token acts as (audits show token:<name>).", Required = true };
        var role = new Option<ConsoleRole>("--role") { Description = "viewer, operator or admin.", DefaultValueFactory = _ => ConsoleRole.Viewer };
        var token = new Command("new-token", "Create an API token for scripts; prints the token once and the Console:Tokens entry (hash only) to configure.") { name, role };
        token.SetAction(parse => NewToken(parse.GetValue(name)!, parse.GetValue(role), Console.Out));

        return new Command("console", "Operator console accounts and API tokens.") { hash, token };
    }

    /// <returns>0, or 2 when the password is empty.</returns>
    public static int HashPassword(string? password, TextWriter output)
    {
        if (string.IsNullOrEmpty(password))
        {
            output.WriteLine("No password given.");
            return 2;
        }

        output.WriteLine(PasswordHashing.Hash(password));
        return 0;
    }

    public static int NewToken(string name, ConsoleRole role, TextWriter output)
    {
        string token = ApiTokens.NewToken();
        output.WriteLine($"Token (shown once, give it to the script): {token}");
        output.WriteLine("Configuration entry:");
        output.WriteLine($"  {{ \"Name\": \"{name}\", \"TokenHash\": \"{ApiTokens.Hash(token)}\", \"Role\": \"{role}\" }}");
        return 0;
    }

    private static string? Prompt()
    {
        string first = AnsiConsole.Prompt(new TextPrompt<string>("Password:").Secret());
        string second = AnsiConsole.Prompt(new TextPrompt<string>("Again:").Secret());
        return first == second ? first : null;
    }
}
