using IotStack.Ota.Releases;
using IotStack.Ota.Signing;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Firmware.Support;

/// <summary>A signed release in memory: what the gateway would offer, plus the file bytes to serve.</summary>
internal sealed class TestRelease
{
    public TestRelease(ReleaseSigner signer, string version, string board, string? minimum, IReadOnlyList<(string Name, byte[] Content)> files)
    {
        var image = ReleaseImage.FromFiles(files);
        Files = image.Files.Select(f => f.Content).ToArray();
        var manifest = ReleasePublisher.BuildManifest(image, version, board, minimum, 1_700_000_000_000);
        var bytes = manifest.ToBytes();
        Release = Release.TryCreate(bytes, signer.Sign(bytes))!;
    }

    public Release Release { get; }

    public byte[][] Files { get; }

    public uint TransferId => Release.TransferId;

    public static List<(string Name, byte[] Content)> RandomFiles(int seed, int count, int size)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var b = new byte[size + (i * 37)];
            random.NextBytes(b);
            return ($"Part{i}.pe", b);
        }).ToList();
    }

    public byte[] OfferFrame(byte[]? signatureOverride = null)
    {
        var offer = new OtaOffer { TransferId = TransferId, ManifestLength = Release.ManifestBytes.Length };
        Release.ManifestBytes.CopyTo(offer.Manifest, 0);
        var signature = signatureOverride ?? Release.Signature;
        signature.CopyTo(offer.Signature, 0);
        offer.SignatureLength = signature.Length;
        var frame = new byte[offer.FrameLength];
        offer.WriteTo(frame, 0);
        return frame;
    }
}
