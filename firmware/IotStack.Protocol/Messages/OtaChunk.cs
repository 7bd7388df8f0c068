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
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteU32(TransferId);
            writer.WriteU16(FileIndex);
            writer.WriteU32(Offset);
            writer.WriteU32(Crc32.Compute(Data, 0, DataLength));
            writer.WriteBytes(Data, 0, DataLength);
            return writer.Seal(MessageType.OtaChunk);
        }

        /// <summary>Decodes and checks the data CRC; a mismatch is <see cref="DecodeStatus.BadChecksum"/>.</summary>
        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            DataLength = 0;
            FrameReader reader;
            DecodeStatus status = FrameReader.Open(buffer, offset, length, MessageType.OtaChunk, 14, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            uint id = reader.ReadU32();
            int file = reader.ReadU16();
            uint at = reader.ReadU32();
            uint crc = reader.ReadU32();
            int count;
            status = reader.ReadBytes(Data, MaxDataBytes, out count);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            status = reader.Finish();
            if (status != DecodeStatus.Ok)
            {
                return status;
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
