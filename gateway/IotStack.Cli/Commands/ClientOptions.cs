using System.CommandLine;
using IotStack.Cli.Client;

namespace IotStack.Cli.Commands;

/// <summary>Options every client command shares: the gateway URL and the API token (flag, environment, or the gateway's token file).</summary>
internal static class ClientOptions
{
    public static readonly Option<string> Url = new("--url")
    {
        Description = "Gateway API base URL (env IOTSTACK_URL).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IOTSTACK_URL") ?? "http://127.0.0.1:5080",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "API token (default: env IOTSTACK_TOKEN, else the --token-file).",
        Recursive = true,
    };

    public static readonly Option<string> TokenFile = new("--token-file")
    {
        Description = "File holding the API token; a gateway with no token configured writes one there (mode 0600).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IOTSTACK_TOKEN_FILE") ?? Path.Combine(".iotstack", "api-token"),
        Recursive = true,
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(TokenFile);
    }

    public static GatewayConnection Connection(ParseResult parse) =>
        GatewayConnection.Resolve(parse.GetValue(Url)!, parse.GetValue(Token), Environment.GetEnvironmentVariable("IOTSTACK_TOKEN"), parse.GetValue(TokenFile),
            tokenFileNamed: parse.GetResult(TokenFile) is { Implicit: false });
}
