using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace IotStack.Gateway.Dashboard;

/// <summary>
/// The console's static files (wwwroot/console: stylesheet, script, and plotly.js from the Plotly.Blazor package),
/// embedded in the gateway assembly so every host serves them the same way, offline, whatever project starts the
/// gateway (a referenced library's static web assets exist only in a published app). Each is served gzip-compressed
/// when the browser accepts it, with an ETag; pages link them with <c>?v=</c> + the content hash, and such a request
/// is cached for a year (a new build changes the hash, so nothing stale is ever shown).
/// </summary>
internal sealed class ConsoleAssets
{
    private const string Prefix = "IotStack.Gateway.Console.";

    private readonly FrozenDictionary<string, Asset> _assets;

    private ConsoleAssets(FrozenDictionary<string, Asset> assets) => _assets = assets;

    public static ConsoleAssets Instance { get; } = Load();

    /// <summary>The versioned path a page links: <c>/console/assets/console.css?v=1a2b3c4d</c>.</summary>
    public string Url(string name) => $"{ConsolePaths.Base}/assets/{name}?v={_assets[name].Version}";

    public IResult Serve(HttpContext http, string name)
    {
        if (!_assets.TryGetValue(name, out Asset? asset))
        {
            return Results.NotFound();
        }

        IHeaderDictionary headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.CacheControl = http.Request.Query["v"] == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        if (http.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = "gzip";
            return Results.Bytes(asset.Gzip, asset.ContentType);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static ConsoleAssets Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byte[] bytes = buffer.ToArray();
            using var zipped = new MemoryStream();
            using (var gzip = new GZipStream(zipped, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                gzip.Write(bytes);
            }

            string name = resource[Prefix.Length..];
            string version = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
            assets[name] = new Asset(bytes, zipped.ToArray(), ContentTypeOf(name), version, $"\"{version}\"");
        }

        return new ConsoleAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, byte[] Gzip, string ContentType, string Version, string ETag);
}
