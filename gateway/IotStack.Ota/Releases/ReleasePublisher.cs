using System.Security.Cryptography;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using IotStack.Protocol;
using Microsoft.Extensions.Logging;

namespace IotStack.Ota.Releases;

/// <summary>
/// Turns an image into a signed release in the store: hashes every file and the whole image, writes
/// the binary manifest, signs it on the operator's machine, then uploads files first and the manifest
/// and signature last, so a half-finished publish is never visible as a release.
/// </summary>
internal sealed class ReleasePublisher(IImageStore store, TimeProvider time, ILogger<ReleasePublisher> logger)
{
    public async Task<Release> PublishAsync(ReleaseImage image, string version, string board, string? minimumVersion, ReleaseSigner signer, CancellationToken cancellationToken)
    {
        var manifest = BuildManifest(image, version, board, minimumVersion, time.GetUtcNow().ToUnixTimeMilliseconds());
        var problem = manifest.Validate();
        if (problem is not null)
        {
            throw new ArgumentException($"Cannot publish: invalid {problem}.");
        }

        var manifestBytes = manifest.ToBytes();
        var signature = signer.Sign(manifestBytes);
        var release = Release.TryCreate(manifestBytes, signature) ?? throw new InvalidOperationException("Manifest failed to round-trip.");

        if ((await store.GetLengthAsync(StoreKeys.Manifest(board, version), cancellationToken).ConfigureAwait(false)).Status == StoreStatus.Ok)
        {
            throw new ImageStoreException($"Release {board} {version} already exists in {store.Description}; versions are immutable.");
        }

        foreach (var (name, content) in image.Files)
        {
            await store.PutAsync(StoreKeys.File(board, version, name), content, cancellationToken).ConfigureAwait(false);
        }

        await store.PutAsync(StoreKeys.Signature(board, version), signature, cancellationToken).ConfigureAwait(false);
        await store.PutAsync(StoreKeys.Manifest(board, version), manifestBytes, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Published {Release}: {Files} files, {Bytes} bytes to {Store}", release, image.Files.Count, manifest.TotalSize, store.Description);
        return release;
    }

    internal static ReleaseManifest BuildManifest(ReleaseImage image, string version, string board, string? minimumVersion, long createdMs)
    {
        var manifest = new ReleaseManifest
        {
            Version = version,
            Board = board,
            MinimumVersion = minimumVersion ?? "",
            CreatedMs = createdMs,
        };
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = new ManifestFile[image.Files.Count];
        long total = 0;
        for (int i = 0; i < files.Length; i++)
        {
            var (name, content) = image.Files[i];
            files[i] = new ManifestFile { Name = name, Size = (uint)content.Length };
            SHA256.HashData(content).CopyTo(files[i].Sha256, 0);
            whole.AppendData(content);
            total += content.Length;
        }

        if (total > uint.MaxValue)
        {
            throw new ArgumentException("Image larger than 4 GiB.");
        }

        manifest.TotalSize = (uint)total;
        whole.GetHashAndReset().CopyTo(manifest.ImageSha256, 0);
        manifest.Files = files;
        return manifest;
    }
}
