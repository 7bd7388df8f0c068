using System.Text.Json;
using Spectre.Console;

namespace IotStack.Cli.Client;

internal static class GatewayClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs one API call; an unreachable gateway or an HTTP error is a message and exit code 1, not a stack trace.</summary>
    public static async Task<int> RunAsync(string baseUrl, Func<HttpClient, Task> call)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(15) };
        try
        {
            await call(client).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or GatewayClientException or TaskCanceledException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{baseUrl}: {ex.Message}[/]");
            return 1;
        }
    }
}
