namespace IotStack.Protocol
{
    /// <summary>
    /// One log line from a board. Payload: [sequence u32][time i64 ms][level u8][source str8][message str16].
    /// Strings are UTF-8; the encoder cuts them to the caps below at a character boundary.
    /// </summary>
    public sealed class LogRecord
    {
        public const int MaxSourceBytes = 32;
        public const int MaxMessageBytes = 512;

        /// <summary>Per-device counter: the gateway orders records and drops duplicates by it.</summary>
        public uint Sequence { get; set; }

        public long TimeMs { get; set; }

        public LogLevel Level { get; set; }

        public string Source { get; set; }

        public string Message { get; set; }

        public int FrameLength
        {
            get
            {
                return Frame.Overhead + 4 + 8 + 1
                    + Wire.StringSize(Source, 1, MaxSourceBytes)
                    + Wire.StringSize(Message, 2, MaxMessageBytes);
            }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteU32(Sequence);
            writer.WriteI64(TimeMs);
            writer.WriteU8((byte)Level);
            writer.WriteString(Source, 1, MaxSourceBytes);
            writer.WriteString(Message, 2, MaxMessageBytes);
            return writer.Seal(MessageType.Log);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            FrameReader reader;
            DecodeStatus status = FrameReader.Open(buffer, offset, length, MessageType.Log, 13, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            uint sequence = reader.ReadU32();
            long time = reader.ReadI64();
            byte level = reader.ReadU8();
            if (level > (byte)LogLevel.Critical)
            {
                return DecodeStatus.InvalidField;
            }

            string source;
            status = reader.ReadString(1, MaxSourceBytes, out source);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            string message;
            status = reader.ReadString(2, MaxMessageBytes, out message);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            status = reader.Finish();
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            Sequence = sequence;
            TimeMs = time;
            Level = (LogLevel)level;
            Source = source;
            Message = message;
            return DecodeStatus.Ok;
        }
    }
}
