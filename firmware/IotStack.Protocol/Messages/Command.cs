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
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteU32(CommandId);
            writer.WriteU8((byte)Kind);
            writer.WriteU8(Channel);
            writer.WriteI32(IntValue);
            writer.WriteF32(Min);
            writer.WriteF32(Max);
            writer.WriteF32(MaxRatePerSecond);
            writer.WriteF32(SigmaK);
            writer.WriteU16(Window);
            return writer.Seal(MessageType.Command);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            FrameReader reader;
            DecodeStatus status = FrameReader.OpenFixed(buffer, offset, length, MessageType.Command, PayloadSize, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            uint id = reader.ReadU32();
            byte kind = reader.ReadU8();
            if (kind < (byte)CommandKind.Ping || kind > (byte)CommandKind.DumpLogs)
            {
                return DecodeStatus.InvalidField;
            }

            CommandId = id;
            Kind = (CommandKind)kind;
            Channel = reader.ReadU8();
            IntValue = reader.ReadI32();
            Min = reader.ReadF32();
            Max = reader.ReadF32();
            MaxRatePerSecond = reader.ReadF32();
            SigmaK = reader.ReadF32();
            Window = reader.ReadU16();
            return DecodeStatus.Ok;
        }
    }
}
