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
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteU32(buffer, ref pos, Sequence);
            Wire.WriteI64(buffer, ref pos, TimeMs);
            Wire.WriteU8(buffer, ref pos, (byte)Level);
            Wire.WriteString(buffer, ref pos, Source, 1, MaxSourceBytes);
            Wire.WriteString(buffer, ref pos, Message, 2, MaxMessageBytes);
            return Frame.Seal(buffer, offset, MessageType.Log, pos - offset - Frame.HeaderSize);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.Log, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int end = pos + payloadLength;
            if (payloadLength < 13)
            {
                return DecodeStatus.Truncated;
            }

            uint sequence = Wire.ReadU32(buffer, ref pos);
            long time = Wire.ReadI64(buffer, ref pos);
            byte level = Wire.ReadU8(buffer, ref pos);
            if (level > (byte)LogLevel.Critical)
            {
                return DecodeStatus.InvalidField;
            }

            string source;
            status = Wire.ReadString(buffer, ref pos, end, 1, MaxSourceBytes, out source);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            string message;
            status = Wire.ReadString(buffer, ref pos, end, 2, MaxMessageBytes, out message);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (pos != end)
            {
                return DecodeStatus.TrailingBytes;
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
