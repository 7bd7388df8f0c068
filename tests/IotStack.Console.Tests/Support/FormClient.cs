using System.Net;
using System.Text.RegularExpressions;

namespace IotStack.Console.Tests.Support;

/// <summary>An HTTP client that behaves like a browser session: cookies, and the antiforgery token read from each page.</summary>
internal sealed partial class FormClient : IDisposable
{
    private readonly HttpClient _http;

    public FormClient(string baseUrl)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
    }

    public HttpClient Http => _http;

    public async Task<HttpResponseMessage> LoginAsync(string user, string password = TestUsers.Password)
    {
        string token = await TokenFromAsync("/console/login");
        return await _http.PostAsync("/console/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = token, ["user"] = user, ["password"] = password, ["return"] = "/console",
        }));
    }

    public async Task<string> TokenFromAsync(string page)
    {
        string html = await _http.GetStringAsync(page);
        return CsrfPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery field on {page}.");
    }

    public Task<HttpResponseMessage> PostAsync(string path, IDictionary<string, string> fields) => _http.PostAsync(path, new FormUrlEncodedContent(fields));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfPattern();
}
