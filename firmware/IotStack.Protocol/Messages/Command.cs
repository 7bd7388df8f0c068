namespace IotStack.Protocol
{
    /// <summary>
    /// A command to a board; the reply carries the same <see cref="CommandId"/>. One fixed layout for
    /// every kind keeps the board's decoder trivial. Threshold fields are the one threshold spec per
    /// channel that both the board's on-chip checks and the gateway use (NaN = not set).
    /// Payload: [id u32][kind u8][channel u8][int i32][min f32][max f32][max rate per s f32][sigma k f32][window u16].
    /// </summary>
    public sealed class Command
    {
        private const int PayloadSize = 4 + 1 + 1 + 4 + 4 + 4 + 4 + 4 + 2;

        public uint CommandId { get; set; }

        public CommandKind Kind { get; set; }

        public byte Channel { get; set; }

        public int IntValue { get; set; }

        public float Min { get; set; }

        public float Max { get; set; }

        public float MaxRatePerSecond { get; set; }

        public float SigmaK { get; set; }

        public int Window { get; set; }

        public int FrameLength
        {
            get { return Frame.Overhead + PayloadSize; }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteU32(buffer, ref pos, CommandId);
            Wire.WriteU8(buffer, ref pos, (byte)Kind);
            Wire.WriteU8(buffer, ref pos, Channel);
            Wire.WriteI32(buffer, ref pos, IntValue);
            Wire.WriteF32(buffer, ref pos, Min);
            Wire.WriteF32(buffer, ref pos, Max);
            Wire.WriteF32(buffer, ref pos, MaxRatePerSecond);
            Wire.WriteF32(buffer, ref pos, SigmaK);
            Wire.WriteU16(buffer, ref pos, Window);
            return Frame.Seal(buffer, offset, MessageType.Command, PayloadSize);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.Command, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (payloadLength != PayloadSize)
            {
                return payloadLength < PayloadSize ? DecodeStatus.Truncated : DecodeStatus.TrailingBytes;
            }

            uint id = Wire.ReadU32(buffer, ref pos);
            byte kind = Wire.ReadU8(buffer, ref pos);
            if (kind < (byte)CommandKind.Ping || kind > (byte)CommandKind.DumpLogs)
            {
                return DecodeStatus.InvalidField;
            }

            CommandId = id;
            Kind = (CommandKind)kind;
            Channel = Wire.ReadU8(buffer, ref pos);
            IntValue = Wire.ReadI32(buffer, ref pos);
            Min = Wire.ReadF32(buffer, ref pos);
            Max = Wire.ReadF32(buffer, ref pos);
            MaxRatePerSecond = Wire.ReadF32(buffer, ref pos);
            SigmaK = Wire.ReadF32(buffer, ref pos);
            Window = Wire.ReadU16(buffer, ref pos);
            return DecodeStatus.Ok;
        }
    }
}
