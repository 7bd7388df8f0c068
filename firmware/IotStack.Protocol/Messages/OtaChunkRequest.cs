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
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteU32(TransferId);
            writer.WriteU16(FileIndex);
            writer.WriteU32(Offset);
            writer.WriteU16(Length);
            return writer.Seal(MessageType.OtaChunkRequest);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            FrameReader reader;
            DecodeStatus status = FrameReader.OpenFixed(buffer, offset, length, MessageType.OtaChunkRequest, PayloadSize, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            uint id = reader.ReadU32();
            int file = reader.ReadU16();
            uint at = reader.ReadU32();
            int size = reader.ReadU16();
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
