using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Decides whether an offer may be installed. The signature is checked over the exact manifest bytes before any
    /// field of them is read (RFC 8032 §5.1.7); then the board type, the anti-rollback floor and the running version.
    /// Holds the verifier (its buffers are taken once) and the copies an accepted offer keeps.
    /// </summary>
    internal sealed class OfferValidator
    {
        private readonly Ed25519Verifier _verifier = new Ed25519Verifier();
        private readonly byte[] _publicKey;
        private readonly IBoard _board;

        public OfferValidator(byte[] publicKey, IBoard board)
        {
            _publicKey = publicKey;
            _board = board;
        }

        /// <summary>The offered manifest, once it decoded (set for Accepted, AlreadyRunning and the board and downgrade refusals).</summary>
        public ReleaseManifest Manifest { get; private set; }

        /// <summary>A copy of the signed manifest bytes, for the update record.</summary>
        public byte[] ManifestBytes { get; private set; }

        /// <summary>A copy of the signature, for the update record (set for Accepted only).</summary>
        public byte[] Signature { get; private set; }

        /// <summary>Version to report with a refusal: empty while the manifest could not be trusted.</summary>
        public string Version { get; private set; }

        /// <summary>Why the offer was refused, or "already running …".</summary>
        public string Reason { get; private set; }

        public OfferVerdict Check(OtaOffer offer, BootRecord boot)
        {
            Manifest = null;
            ManifestBytes = null;
            Signature = null;
            Version = "";
            Reason = "";
            if (!_verifier.Verify(_publicKey, offer.Manifest, 0, offer.ManifestLength, offer.Signature, 0, offer.SignatureLength))
            {
                return Refuse("signature: manifest is not signed by this fleet's release key");
            }

            byte[] bytes = new byte[offer.ManifestLength];
            System.Array.Copy(offer.Manifest, 0, bytes, 0, bytes.Length);
            ManifestBytes = bytes;
            ReleaseManifest offered = ManifestParser.Parse(bytes);
            if (offered == null)
            {
                return Refuse("manifest: signed but malformed");
            }

            Manifest = offered;
            Version = offered.Version;
            if (offered.Board != _board.BoardType)
            {
                return Refuse("board: image is for '" + offered.Board + "', this board is '" + _board.BoardType + "'");
            }

            // Anti-rollback: never below the floor the installed release set.
            if (boot.Floor.Length > 0 && ReleaseVersion.Compare(offered.Version, boot.Floor) < 0)
            {
                return Refuse("downgrade: " + offered.Version + " is below the minimum version " + boot.Floor);
            }

            if (offered.Version == boot.Version)
            {
                Reason = "already running " + boot.Version;
                return OfferVerdict.AlreadyRunning;
            }

            byte[] signature = new byte[offer.SignatureLength];
            System.Array.Copy(offer.Signature, 0, signature, 0, signature.Length);
            Signature = signature;
            return OfferVerdict.Accepted;
        }

        /// <summary>Checks saved manifest bytes again (after a restart: flash can rot or be written).</summary>
        public bool IsSigned(byte[] manifest, byte[] signature)
        {
            return _verifier.Verify(_publicKey, manifest, 0, manifest.Length, signature, 0, signature.Length);
        }

        private OfferVerdict Refuse(string reason)
        {
            Reason = reason;
            return OfferVerdict.Refused;
        }
    }
}
