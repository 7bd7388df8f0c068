using IotStack.Firmware.Host.Hal;
using IotStack.Ota.Releases;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Gateway.Tests.Ota;

/// <summary>
/// Releases for the virtual board, signed and published into a local image store folder as <c>iotstack ota publish</c>
/// leaves them; their files are seeded random bytes (the same seed, the same file).
/// </summary>
internal sealed class LocalReleases(string folder, ReleaseSigner signer)
{
    private readonly ReleasePublisher _publisher = new(new LocalFolderImageStore(folder), TimeProvider.System, NullLogger<ReleasePublisher>.Instance);

    /// <summary>Publishes <paramref name="version"/> with these files; returns the release's folder.</summary>
    public async Task<string> PublishAsync(string version, params (string Name, int Size, int Seed)[] files)
    {
        ReleaseImage image = ReleaseImage.FromFiles(files.Select(f => (f.Name, Bytes(f.Size, f.Seed))));
        await _publisher.PublishAsync(image, version, VirtualBoard.Type, null, signer, CancellationToken.None);
        return Path.Combine(folder, "releases", VirtualBoard.Type, version);
    }

    private static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
