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
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteU32(buffer, ref pos, TransferId);
            Wire.WriteBytes(buffer, ref pos, Manifest, 0, ManifestLength);
            Wire.WriteBytes(buffer, ref pos, Signature, 0, SignatureLength);
            return Frame.Seal(buffer, offset, MessageType.OtaOffer, pos - offset - Frame.HeaderSize);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            ManifestLength = 0;
            SignatureLength = 0;
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.OtaOffer, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int end = pos + payloadLength;
            if (payloadLength < 4)
            {
                return DecodeStatus.Truncated;
            }

            uint id = Wire.ReadU32(buffer, ref pos);
            int manifestLength;
            status = Wire.ReadBytes(buffer, ref pos, end, Manifest, MaxManifestBytes, out manifestLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int signatureLength;
            status = Wire.ReadBytes(buffer, ref pos, end, Signature, MaxSignatureBytes, out signatureLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (pos != end)
            {
                return DecodeStatus.TrailingBytes;
            }

            TransferId = id;
            ManifestLength = manifestLength;
            SignatureLength = signatureLength;
            return DecodeStatus.Ok;
        }
    }
}
