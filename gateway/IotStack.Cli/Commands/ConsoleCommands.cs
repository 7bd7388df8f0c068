using System.CommandLine;
using IotStack.Gateway.Auth;
using Spectre.Console;

namespace IotStack.Cli.Commands;

/// <summary>
/// <c>iotstack console hash-password</c> and <c>iotstack console new-token</c>: produce the values for
/// <c>Console:Users</c> and <c>Console:Tokens</c>; neither writes anything to disk. <c>iotstack console reset-password</c>
/// replaces the first-run admin's password hash in its file. Secrets go to the terminal only, never to a log.
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

        var file = new Option<string>("--file")
        {
            Description = "The gateway's first-run admin file (Console:FirstRunFile; the demo keeps it in its --data folder).",
            DefaultValueFactory = _ => Path.Combine(".iotstack", "console-admin.json"),
        };
        var postgres = new Option<string>("--postgres")
        {
            Description = "Gateways on a shared PostgreSQL database keep the first-run admin there: its connection string (IotStack:Storage:PostgresConnectionString).",
        };
        var reset = new Command("reset-password", "Give the console's first-run 'admin' a new password: printed once, only its hash kept; a running gateway takes it at the next sign-in.") { file, postgres };
        reset.SetAction(parse => parse.GetValue(postgres) is { Length: > 0 } connection
            ? ResetSharedPassword(connection, Console.Out, Console.Error)
            : ResetPassword(parse.GetValue(file)!, Console.Out, Console.Error));

        return new Command("console", "Operator console accounts and API tokens.") { hash, token, reset };
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

    /// <returns>0; 1 when there is no first-run admin at <paramref name="file"/> (wrong folder, or Console:Users is configured) or it cannot be written.</returns>
    public static int ResetPassword(string file, TextWriter output, TextWriter error)
    {
        string path = Path.GetFullPath(file);
        if (UserDirectory.ReadFirstRunAdmin(path) is null)
        {
            error.WriteLine($"No first-run admin in {path}: the gateway creates it on its first run when Console:Users is empty. Run this in the folder the gateway runs in, or pass --file.");
            return 1;
        }

        try
        {
            string password = UserDirectory.WriteFirstRunAdmin(path);
            output.WriteLine($"New password for console user '{UserDirectory.FirstRunName}' (shown once, stored nowhere): {password}");
            output.WriteLine($"Only its hash is kept, in {path}; a running gateway takes it at the next sign-in.");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Could not write {path}: {e.Message}");
            return 1;
        }
    }

    /// <returns>0; 1 when the shared database has no first-run admin (no gateway created one, or Console:Users is configured).</returns>
    public static int ResetSharedPassword(string connectionString, TextWriter output, TextWriter error)
    {
        using var shared = new SharedConsoleCredentials(connectionString);
        if (shared.Read(SharedConsoleCredentials.FirstRunAdminKey) is null)
        {
            error.WriteLine("No first-run admin in the shared database: a gateway creates it on its first run when Console:Users is empty.");
            return 1;
        }

        var (admin, password) = UserDirectory.NewFirstRunAdmin();
        shared.Replace(SharedConsoleCredentials.FirstRunAdminKey, System.Text.Json.JsonSerializer.Serialize(admin), Environment.MachineName);
        output.WriteLine($"New password for console user '{UserDirectory.FirstRunName}' (shown once, stored nowhere): {password}");
        output.WriteLine("Only its hash is kept, in the shared database; every gateway on it takes it at the next sign-in.");
        return 0;
    }

    private static string? Prompt()
    {
        string first = AnsiConsole.Prompt(new TextPrompt<string>("Password:").Secret());
        string second = AnsiConsole.Prompt(new TextPrompt<string>("Again:").Secret());
        return first == second ? first : null;
    }
}
