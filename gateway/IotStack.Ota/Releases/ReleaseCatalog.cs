using System.Collections.Concurrent;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;

namespace IotStack.Ota.Releases;

/// <summary>
/// Releases the gateway may offer, read from the store and checked against the fleet's public key
/// before use (a tampered store is refused here, before any board spends a byte on it). Cached by
/// board/version and by transfer id.
/// </summary>
internal sealed class ReleaseCatalog(IImageStore store, byte[] publicKey)
{
    private readonly ConcurrentDictionary<string, Release> _byVersion = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<uint, Release> _byTransfer = new();

    public IImageStore Store => store;

    public async Task<ReleaseLookup> GetAsync(string board, string version, CancellationToken cancellationToken)
    {
        if (_byVersion.TryGetValue(board + "/" + version, out var cached))
        {
            return new ReleaseLookup(cached, null);
        }

        var manifest = await store.ReadAllAsync(StoreKeys.Manifest(board, version), cancellationToken).ConfigureAwait(false);
        if (manifest.Status != StoreStatus.Ok)
        {
            return new ReleaseLookup(null, manifest.Error ?? "manifest missing");
        }

        var signature = await store.ReadAllAsync(StoreKeys.Signature(board, version), cancellationToken).ConfigureAwait(false);
        if (signature.Status != StoreStatus.Ok)
        {
            return new ReleaseLookup(null, signature.Error ?? "signature missing");
        }

        if (!SignatureCheck.IsValid(publicKey, manifest.Data, signature.Data))
        {
            return new ReleaseLookup(null, $"signature of {board} {version} does not verify with the fleet key");
        }

        var release = Release.TryCreate(manifest.Data, signature.Data);
        if (release is null || release.Board != board || release.Version != version)
        {
            return new ReleaseLookup(null, $"manifest of {board} {version} is malformed or names another release");
        }

        Add(release);
        return new ReleaseLookup(release, null);
    }

    /// <summary>Registers a release known to be valid (just published, or loaded above).</summary>
    public void Add(Release release)
    {
        _byVersion[release.Board + "/" + release.Version] = release;
        _byTransfer[release.TransferId] = release;
    }

    public Release? FindByTransfer(uint transferId) => _byTransfer.GetValueOrDefault(transferId);

    /// <summary>Versions published for a board, from the store's listing.</summary>
    public async Task<IReadOnlyList<string>> ListVersionsAsync(string board, CancellationToken cancellationToken)
    {
        var keys = await store.ListAsync($"releases/{board}/", cancellationToken).ConfigureAwait(false);
        return keys.Where(k => k.EndsWith("/manifest.bin", StringComparison.Ordinal))
            .Select(k => k.Split('/')[2])
            .ToList();
    }
}
