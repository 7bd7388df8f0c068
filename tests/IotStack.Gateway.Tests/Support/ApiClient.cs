using System.Net.Http.Headers;
using IotStack.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Tests.Support;

/// <summary>HTTP clients for a running gateway, authenticated as the CLI would be: with the token from the gateway's first-run token file.</summary>
internal static class ApiClient
{
    /// <summary>The local admin token the gateway generated (no Console:Tokens configured), read from its file.</summary>
    public static string LocalAdminToken(WebApplication app) =>
        File.ReadAllText(app.Services.GetRequiredService<TokenDirectory>().LocalTokenFile
            ?? throw new InvalidOperationException("Tokens are configured; this gateway wrote no token file.")).Trim();

    public static HttpClient For(WebApplication app, string? token = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? LocalAdminToken(app));
        return http;
    }

    public static HttpClient Anonymous(WebApplication app) => new() { BaseAddress = new Uri(app.Urls.First()) };
}
