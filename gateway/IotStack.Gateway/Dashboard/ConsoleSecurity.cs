using System.Security.Cryptography;

namespace IotStack.Gateway.Dashboard;

/// <summary>
/// Security headers for every console response: no framing, no sniffing, no referrer, and a Content-Security-Policy
/// that admits scripts and styles from the console only. One exception, for the charts: plotly.js writes its
/// stylesheet rules into one empty &lt;style&gt; element, which the policy admits by a per-response nonce (no
/// 'unsafe-inline', no 'unsafe-eval': the plotly-basic bundle has no eval or Function constructor).
/// </summary>
internal static class ConsoleSecurity
{
    private static readonly object NonceKey = new();

    public static void Apply(HttpContext http)
    {
        string nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        IHeaderDictionary headers = http.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>This response's style nonce (empty outside the console's routes: nothing is admitted then).</summary>
    public static string Nonce(HttpContext http) => http.Items.TryGetValue(NonceKey, out object? nonce) ? (string)nonce! : "";
}
