using System.Buffers.Binary;
using System.Security.Cryptography;
using IotStack.Protocol;

namespace IotStack.Ota.Releases;

/// <summary>
/// A published release as the gateway handles it: the signed manifest bytes, their signature and the
/// decoded manifest. <see cref="TransferId"/> (the first four bytes of the manifest's SHA-256) names it
/// on the wire, so any gateway instance can serve chunks for an offer another one sent.
/// </summary>
internal sealed class Release
{
    private Release(ReleaseManifest manifest, byte[] manifestBytes, byte[] signature)
    {
        Manifest = manifest;
        ManifestBytes = manifestBytes;
        Signature = signature;
        var digest = SHA256.HashData(manifestBytes);
        TransferId = BinaryPrimitives.ReadUInt32LittleEndian(digest);
        Id = Convert.ToHexStringLower(digest.AsSpan(0, 8));
    }

    public ReleaseManifest Manifest { get; }

    public byte[] ManifestBytes { get; }

    public byte[] Signature { get; }

    public uint TransferId { get; }

    /// <summary>16 hex digits of the manifest's SHA-256.</summary>
    public string Id { get; }

    public string Version => Manifest.Version;

    public string Board => Manifest.Board;

    /// <summary>Decodes manifest bytes; null when they are not a valid manifest.</summary>
    public static Release? TryCreate(byte[] manifestBytes, byte[] signature)
    {
        var manifest = new ReleaseManifest();
        return manifest.ReadFrom(manifestBytes, 0, manifestBytes.Length) == DecodeStatus.Ok
            ? new Release(manifest, manifestBytes, signature)
            : null;
    }

    public string FileKey(int fileIndex) => Stores.StoreKeys.File(Board, Version, Manifest.Files[fileIndex].Name);

    public override string ToString() => $"{Board} {Version} ({Id})";
}
