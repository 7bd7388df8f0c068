namespace IotStack.Protocol
{
    /// <summary>
    /// A board asks for the next piece of an image: device-paced, so a slow link or a small RAM sets
    /// the speed, and a resumed transfer simply asks from its last good offset.
    /// Payload: [transfer id u32][file index u16][offset u32][length u16].
    /// </summary>
    public sealed class OtaChunkRequest
    {
        private const int PayloadSize = 4 + 2 + 4 + 2;

        public uint TransferId { get; set; }

        public int FileIndex { get; set; }

        public uint Offset { get; set; }

        public int Length { get; set; }

        public int FrameLength
        {
            get { return Frame.Overhead + PayloadSize; }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteU32(buffer, ref pos, TransferId);
            Wire.WriteU16(buffer, ref pos, FileIndex);
            Wire.WriteU32(buffer, ref pos, Offset);
            Wire.WriteU16(buffer, ref pos, Length);
            return Frame.Seal(buffer, offset, MessageType.OtaChunkRequest, PayloadSize);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.OtaChunkRequest, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (payloadLength != PayloadSize)
            {
                return payloadLength < PayloadSize ? DecodeStatus.Truncated : DecodeStatus.TrailingBytes;
            }

            uint id = Wire.ReadU32(buffer, ref pos);
            int file = Wire.ReadU16(buffer, ref pos);
            uint at = Wire.ReadU32(buffer, ref pos);
            int size = Wire.ReadU16(buffer, ref pos);
            if (size == 0 || size > OtaChunk.MaxDataBytes)
            {
                return DecodeStatus.InvalidField;
            }

            TransferId = id;
            FileIndex = file;
            Offset = at;
            Length = size;
            return DecodeStatus.Ok;
        }
    }
}
