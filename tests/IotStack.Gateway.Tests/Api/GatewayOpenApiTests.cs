using System.Text.Json;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace IotStack.Gateway.Tests.Api;

/// <summary>The OpenAPI document of the full gateway (console and maintenance mapped) as a client generator reads it.</summary>
public sealed class GatewayOpenApiTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebApplication _app = null!;
    private JsonElement _document;

    public async Task InitializeAsync()
    {
        _app = GatewayComposition.Build([], new Dictionary<string, string?>
        {
            ["IotStack:Http:Urls"] = "http://127.0.0.1:0",
            ["IotStack:Broker:Port"] = "0",
            ["IotStack:Storage:SqlitePath"] = _dir.File("gateway.db"),
            ["Logging:LogLevel:Default"] = "Warning",
        }, new StringWriter());
        await _app.StartAsync();
        using HttpClient http = ApiClient.Anonymous(_app);
        _document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    private JsonElement Paths => _document.GetProperty("paths");

    [Fact]
    public void Document_ApiRoutes_DeclareTheBearerSchemeAndItsRefusals()
    {
        JsonElement scheme = _document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        JsonElement devices = Paths.GetProperty("/api/devices").GetProperty("get");
        JsonElement ack = Paths.GetProperty("/api/alerts/{id}/ack").GetProperty("post");

        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.True(devices.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        Assert.True(ack.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        Assert.True(ack.GetProperty("responses").TryGetProperty("403", out _));
        Assert.False(Paths.GetProperty("/health").GetProperty("get").TryGetProperty("security", out _));
    }

    [Fact]
    public void Document_ConsoleAndScrapeRoutes_AreNotListed()
    {
        string[] paths = Paths.EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Contains("/api/hosts", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/console", StringComparison.Ordinal));
        Assert.DoesNotContain("/metrics", paths);
    }

    [Fact]
    public void Document_MainCalls_HaveExamples()
    {
        JsonElement devices = Paths.GetProperty("/api/devices").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json");
        JsonElement command = Paths.GetProperty("/api/devices/{id}/commands").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        JsonElement alerts = Paths.GetProperty("/api/alerts").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json");

        Assert.Equal("vdev-0001", devices.GetProperty("example")[0].GetProperty("deviceId").GetString());
        Assert.Equal("set-thresholds", command.GetProperty("example").GetProperty("kind").GetString());
        Assert.Equal("Warning", alerts.GetProperty("example")[0].GetProperty("severity").GetString());
    }
}
