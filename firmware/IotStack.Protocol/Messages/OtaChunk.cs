namespace IotStack.Protocol
{
    /// <summary>
    /// A piece of an image file. The data CRC is computed by the gateway from the stored image, so it
    /// also catches damage between the store and the gateway, not only on the link.
    /// Payload: [transfer id u32][file index u16][offset u32][data CRC-32 u32][data bytes16].
    /// </summary>
    public sealed class OtaChunk
    {
        public const int MaxDataBytes = 4096;

        public OtaChunk()
        {
            Data = new byte[MaxDataBytes];
        }

        public uint TransferId { get; set; }

        public int FileIndex { get; set; }

        public uint Offset { get; set; }

        /// <summary>Buffer holding <see cref="DataLength"/> bytes; reused between chunks.</summary>
        public byte[] Data { get; private set; }

        public int DataLength { get; set; }

        public int FrameLength
        {
            get { return Frame.Overhead + 4 + 2 + 4 + 4 + 2 + DataLength; }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteU32(buffer, ref pos, TransferId);
            Wire.WriteU16(buffer, ref pos, FileIndex);
            Wire.WriteU32(buffer, ref pos, Offset);
            Wire.WriteU32(buffer, ref pos, Crc32.Compute(Data, 0, DataLength));
            Wire.WriteBytes(buffer, ref pos, Data, 0, DataLength);
            return Frame.Seal(buffer, offset, MessageType.OtaChunk, pos - offset - Frame.HeaderSize);
        }

        /// <summary>Decodes and checks the data CRC; a mismatch is <see cref="DecodeStatus.BadChecksum"/>.</summary>
        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            DataLength = 0;
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.OtaChunk, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int end = pos + payloadLength;
            if (payloadLength < 14)
            {
                return DecodeStatus.Truncated;
            }

            uint id = Wire.ReadU32(buffer, ref pos);
            int file = Wire.ReadU16(buffer, ref pos);
            uint at = Wire.ReadU32(buffer, ref pos);
            uint crc = Wire.ReadU32(buffer, ref pos);
            int count;
            status = Wire.ReadBytes(buffer, ref pos, end, Data, MaxDataBytes, out count);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (pos != end)
            {
                return DecodeStatus.TrailingBytes;
            }

            if (Crc32.Compute(Data, 0, count) != crc)
            {
                return DecodeStatus.BadChecksum;
            }

            TransferId = id;
            FileIndex = file;
            Offset = at;
            DataLength = count;
            return DecodeStatus.Ok;
        }
    }
}
