using System.Net.Http.Headers;

namespace IotStack.Cli.Client;

/// <summary>Where the gateway is and which API token to present (null: none found, the gateway will answer 401).</summary>
internal sealed record GatewayConnection(string BaseUrl, string? Token)
{
    /// <summary>Why no call should be made (a token file named on the command line that is not there); null when fine.</summary>
    public string? Problem { get; init; }

    /// <summary>
    /// The token from, in order: <paramref name="flag"/> (--token), <paramref name="environment"/> (IOTSTACK_TOKEN),
    /// the file the gateway writes on a first run (<paramref name="tokenFile"/>, default .iotstack/api-token).
    /// </summary>
    public static GatewayConnection Resolve(string baseUrl, string? flag, string? environment, string? tokenFile, bool tokenFileNamed = false)
    {
        if (tokenFileNamed && string.IsNullOrWhiteSpace(flag) && string.IsNullOrWhiteSpace(environment) && !File.Exists(tokenFile))
        {
            // Named on purpose and missing: say so, rather than call without a token and report the gateway's 401.
            return new GatewayConnection(baseUrl, null) { Problem = $"Token file '{tokenFile}' not found." };
        }

        string? token = !string.IsNullOrWhiteSpace(flag) ? flag.Trim()
            : !string.IsNullOrWhiteSpace(environment) ? environment.Trim()
            : !string.IsNullOrEmpty(tokenFile) && File.Exists(tokenFile) ? File.ReadAllText(tokenFile).Trim()
            : null;
        return new GatewayConnection(baseUrl, string.IsNullOrEmpty(token) ? null : token);
    }

    public HttpClient CreateClient(TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl.TrimEnd('/') + "/"), Timeout = timeout ?? TimeSpan.FromSeconds(15) };
        if (Token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        return client;
    }
}
