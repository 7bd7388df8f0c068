using System.Net;
using System.Net.Http.Json;
using IotStack.Gateway.Api;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Tests.Api;

/// <summary>The JSON API is never anonymous: bearer tokens with roles, a generated admin token on a first run.</summary>
public sealed class ApiAuthTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Api_NoToken_401WithBearerChallenge()
    {
        await using TestGateway gateway = await StartAsync();
        using HttpClient http = ApiClient.Anonymous(gateway.App);

        HttpResponseMessage read = await http.GetAsync(new Uri("/api/devices", UriKind.Relative));
        HttpResponseMessage ack = await http.PostAsJsonAsync("/api/alerts/1/ack", new OperatorRequest("mallory"));

        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal("Bearer", read.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, ack.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/api/logs", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Api_UnknownToken_401()
    {
        await using TestGateway gateway = await StartAsync();
        using HttpClient http = ApiClient.For(gateway.App, ApiTokens.NewToken());

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/api/devices", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task FirstRun_NoTokenConfigured_AdminTokenFileIsOwnerOnlyAndWorks()
    {
        await using TestGateway gateway = await StartAsync();
        string path = gateway.App.Services.GetRequiredService<TokenDirectory>().LocalTokenFile!;
        using HttpClient http = ApiClient.For(gateway.App);

        Assert.Equal(Path.GetDirectoryName(_dir.File("gw.db")), Path.GetDirectoryName(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/api/devices", UriKind.Relative))).StatusCode);
        // Admin: past authorization to the alert engine, which has no such alert.
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/api/alerts/987654/ack", new OperatorRequest(null))).StatusCode);
    }

    [Fact]
    public async Task FirstRun_Restarted_KeepsTheSameToken()
    {
        string first;
        await using (TestGateway gateway = await StartAsync())
        {
            first = ApiClient.LocalAdminToken(gateway.App);
        }

        await using TestGateway again = await StartAsync();
        Assert.Equal(first, ApiClient.LocalAdminToken(again.App));
    }

    [Fact]
    public async Task Api_ViewerToken_ReadsButOperatorActions403()
    {
        string viewer = ApiTokens.NewToken(), operatorToken = ApiTokens.NewToken();
        await using TestGateway gateway = await StartAsync(new()
        {
            ["Console:Tokens:0:Name"] = "dash", ["Console:Tokens:0:TokenHash"] = ApiTokens.Hash(viewer), ["Console:Tokens:0:Role"] = "Viewer",
            ["Console:Tokens:1:Name"] = "ops", ["Console:Tokens:1:TokenHash"] = ApiTokens.Hash(operatorToken), ["Console:Tokens:1:Role"] = "Operator",
        });
        using HttpClient asViewer = ApiClient.For(gateway.App, viewer);
        using HttpClient asOperator = ApiClient.For(gateway.App, operatorToken);

        Assert.Null(gateway.App.Services.GetRequiredService<TokenDirectory>().LocalTokenFile);
        Assert.Equal(HttpStatusCode.OK, (await asViewer.GetAsync(new Uri("/api/alerts", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asViewer.PostAsJsonAsync("/api/alerts/1/ack", new OperatorRequest(null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asViewer.PostAsJsonAsync("/api/devices/d1/commands", new CommandRequest("ping"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asOperator.PostAsJsonAsync("/api/alerts/987654/ack", new OperatorRequest(null))).StatusCode);
        // Host commands are an admin's.
        Assert.Equal(HttpStatusCode.Forbidden, (await asOperator.PostAsJsonAsync("/api/hosts/h1/run", new HostRunRequest("disk-usage"))).StatusCode);
    }

    [Fact]
    public async Task HealthAndMetrics_FromLoopbackWithoutToken_Served()
    {
        await using TestGateway gateway = await StartAsync();
        using HttpClient http = ApiClient.Anonymous(gateway.App);

        HttpResponseMessage health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        HttpResponseMessage metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.Unauthorized, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    private Task<TestGateway> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["IotStack:Storage:SqlitePath"] = _dir.File("gw.db") };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return TestGateway.StartAsync(settings);
    }
}
