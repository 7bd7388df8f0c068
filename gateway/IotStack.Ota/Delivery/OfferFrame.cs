using IotStack.Ota.Releases;
using IotStack.Protocol;

namespace IotStack.Ota.Delivery;

/// <summary>The retained offer a board receives for a release (docs/ota.md): manifest and signature in one frame.</summary>
internal static class OfferFrame
{
    public static byte[] For(Release release)
    {
        ArgumentNullException.ThrowIfNull(release);
        var offer = new OtaOffer { TransferId = release.TransferId, ManifestLength = release.ManifestBytes.Length, SignatureLength = release.Signature.Length };
        release.ManifestBytes.CopyTo(offer.Manifest, 0);
        release.Signature.CopyTo(offer.Signature, 0);
        var frame = new byte[offer.FrameLength];
        offer.WriteTo(frame, 0);
        return frame;
    }
}
