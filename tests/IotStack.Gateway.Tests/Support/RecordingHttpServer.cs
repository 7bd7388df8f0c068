using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Tests.Support;

/// <summary>A real HTTP server on a free loopback port that answers 200 to every POST and keeps what it got (webhooks, OTLP).</summary>
internal sealed class RecordingHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingHttpServer(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Requests { get; } = new();

    public Uri BaseAddress => new(_app.Urls.First());

    public static async Task<RecordingHttpServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new RecordingHttpServer(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            server.Requests.Enqueue((context.Request.Path.Value ?? "", context.Request.ContentType ?? "", body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return server;
    }

    public int CountAt(string path) => Requests.Count(r => r.Path == path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
