using System.Net;
using System.Text.Json;
using Spectre.Console;

namespace IotStack.Cli.Client;

internal static class GatewayClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs one API call; an unreachable gateway or an HTTP error is a message and exit code 1, not a stack trace.</summary>
    public static async Task<int> RunAsync(GatewayConnection connection, Func<HttpClient, Task> call, IAnsiConsole? console = null, TimeSpan? timeout = null)
    {
        console ??= AnsiConsole.Console;
        if (connection.Problem is { } problem)
        {
            console.MarkupLineInterpolated($"[red]{problem}[/]");
            return 1;
        }

        using HttpClient client = connection.CreateClient(timeout);
        try
        {
            await call(client).ConfigureAwait(false);
            return 0;
        }
        catch (GatewayClientException ex)
        {
            // Something the gateway answered that the caller can act on ("no alert #7"): the message says it all.
            console.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            console.MarkupLineInterpolated($"[red]{connection.BaseUrl}: {ex.Message}[/]");
            if (Hint(ex is HttpRequestException http ? http.StatusCode : null) is { } hint)
            {
                console.MarkupLineInterpolated($"[yellow]{hint}[/]");
            }

            return 1;
        }
    }

    /// <summary>
    /// Throws with the gateway's explanation for a failed call (the problem body), so the catch above prints it;
    /// <paramref name="notFound"/> is what a 404 means for this call ("no alert #7"), said instead of "HTTP 404".
    /// </summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken, string? notFound = null)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (response.StatusCode == HttpStatusCode.NotFound && notFound is not null)
        {
            throw new GatewayClientException(notFound);
        }

        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string detail = ProblemDetail(body);
        throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}", null, response.StatusCode);
    }

    /// <summary>The "detail" of an RFC 9457 problem body, else the body as sent.</summary>
    public static string ProblemDetail(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            return body;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("detail", out JsonElement detail) ? detail.ToString() : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    public static string? Hint(HttpStatusCode? status) => status switch
    {
        HttpStatusCode.Unauthorized => "No valid API token: pass --token, set IOTSTACK_TOKEN, or run from the folder holding the gateway's .iotstack/api-token (or --token-file).",
        HttpStatusCode.Forbidden => "The token's role may not do this (viewer reads; operator acknowledges alerts and sends commands; admin runs host commands and rollouts).",
        _ => null,
    };
}
