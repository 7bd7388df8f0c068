using System.Security.Cryptography;
using IotStack.Firmware.Hal;
using IotStack.Firmware.Ota;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Ota;

/// <summary>
/// A board's first release, written the way the loader will read it: the release's files as slot 0 (<c>s0.NAME</c>) and
/// a confirmed boot record for it (not on probation: nothing older to fall back to). nanoFramework starts only the
/// deployed loader, so a new board gets these files with nanoff's file deployment; later releases arrive over the air.
/// Everything is checked first: the manifest's signature against the fleet key, the board type, every file's size and
/// SHA-256. Nothing is written unless all of it holds.
/// </summary>
internal static class FirstRelease
{
    public const int Slot = 0;

    /// <summary>Writes slot 0 and the boot record into <paramref name="flash"/>; null, or why the release was refused.</summary>
    public static string? Install(IFlashStore flash, byte[] manifestBytes, byte[] signature, Func<string, byte[]?> readFile, byte[] publicKey, string? boardType)
    {
        ArgumentNullException.ThrowIfNull(flash);
        ArgumentNullException.ThrowIfNull(manifestBytes);
        ArgumentNullException.ThrowIfNull(readFile);
        if (!new Ed25519Verifier().Verify(publicKey, manifestBytes, signature))
        {
            return "signature: the manifest is not signed by this key";
        }

        var manifest = new ReleaseManifest();
        if (manifest.ReadFrom(manifestBytes, 0, manifestBytes.Length) != DecodeStatus.Ok)
        {
            return "manifest: not a release manifest";
        }

        if (boardType is not null && !string.Equals(manifest.Board, boardType, StringComparison.Ordinal))
        {
            return $"board: the release is for '{manifest.Board}', not '{boardType}'";
        }

        var contents = new byte[manifest.Files.Length][];
        for (int i = 0; i < manifest.Files.Length; i++)
        {
            ManifestFile file = manifest.Files[i];
            byte[]? content = readFile(file.Name);
            if (content is null || content.Length != file.Size || !SHA256.HashData(content).AsSpan().SequenceEqual(file.Sha256))
            {
                return $"hash: {file.Name} is missing or does not match its signed size and SHA-256";
            }

            contents[i] = content;
        }

        for (int i = 0; i < contents.Length; i++)
        {
            if (!flash.Replace(SlotFiles.Name(Slot, manifest.Files[i].Name), contents[i], 0, contents[i].Length))
            {
                return "flash: cannot write " + SlotFiles.Name(Slot, manifest.Files[i].Name);
            }
        }

        BootRecord boot = BootRecord.Factory(manifest.Version);
        boot.ActiveSlot = Slot;
        boot.ActiveTransfer = TransferId(manifestBytes);
        boot.Floor = manifest.MinimumVersion ?? string.Empty;
        boot.Manifest = manifestBytes;
        boot.PreviousSlot = Slot;
        return boot.Save(flash) ? null : "flash: cannot write " + BootRecord.FileName;
    }

    /// <summary>The id the gateway gives the release's offers: the first 4 bytes (LE) of SHA-256(manifest), docs/ota.md "Wire".</summary>
    public static uint TransferId(byte[] manifestBytes) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(manifestBytes));
}
