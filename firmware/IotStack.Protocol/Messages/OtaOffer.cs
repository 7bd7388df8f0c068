namespace IotStack.Protocol
{
    /// <summary>
    /// Offers a release to a board: the signed manifest bytes exactly as signed, and the signature.
    /// The board verifies the signature over these bytes before it trusts a single field of them.
    /// Payload: [transfer id u32][manifest bytes16][signature bytes16].
    /// </summary>
    public sealed class OtaOffer
    {
        public const int MaxManifestBytes = 4096;
        public const int MaxSignatureBytes = 128;

        public OtaOffer()
        {
            Manifest = new byte[MaxManifestBytes];
            Signature = new byte[MaxSignatureBytes];
        }

        public uint TransferId { get; set; }

        /// <summary>Buffer holding <see cref="ManifestLength"/> bytes of manifest.</summary>
        public byte[] Manifest { get; private set; }

        public int ManifestLength { get; set; }

        public byte[] Signature { get; private set; }

        public int SignatureLength { get; set; }

        public int FrameLength
        {
            get { return Frame.Overhead + 4 + 2 + ManifestLength + 2 + SignatureLength; }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteU32(TransferId);
            writer.WriteBytes(Manifest, 0, ManifestLength);
            writer.WriteBytes(Signature, 0, SignatureLength);
            return writer.Seal(MessageType.OtaOffer);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            ManifestLength = 0;
            SignatureLength = 0;
            FrameReader reader;
            DecodeStatus status = FrameReader.Open(buffer, offset, length, MessageType.OtaOffer, 4, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            uint id = reader.ReadU32();
            int manifestLength;
            status = reader.ReadBytes(Manifest, MaxManifestBytes, out manifestLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int signatureLength;
            status = reader.ReadBytes(Signature, MaxSignatureBytes, out signatureLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            status = reader.Finish();
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            TransferId = id;
            ManifestLength = manifestLength;
            SignatureLength = signatureLength;
            return DecodeStatus.Ok;
        }
    }
}
