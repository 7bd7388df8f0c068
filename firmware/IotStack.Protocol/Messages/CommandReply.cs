namespace IotStack.Protocol
{
    /// <summary>A board's answer to a <see cref="Command"/>. Payload: [command id u32][status u8][text str16].</summary>
    public sealed class CommandReply
    {
        public const int MaxTextBytes = 2048;

        public uint CommandId { get; set; }

        public CommandStatus Status { get; set; }

        public string Text { get; set; }

        public int FrameLength
        {
            get { return Frame.Overhead + 5 + Wire.StringSize(Text, 2, MaxTextBytes); }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteU32(CommandId);
            writer.WriteU8((byte)Status);
            writer.WriteString(Text, 2, MaxTextBytes);
            return writer.Seal(MessageType.CommandReply);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            FrameReader reader;
            DecodeStatus status = FrameReader.Open(buffer, offset, length, MessageType.CommandReply, 5, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            uint id = reader.ReadU32();
            byte code = reader.ReadU8();
            if (code > (byte)CommandStatus.InvalidArgument)
            {
                return DecodeStatus.InvalidField;
            }

            string text;
            status = reader.ReadString(2, MaxTextBytes, out text);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            status = reader.Finish();
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            CommandId = id;
            Status = (CommandStatus)code;
            Text = text;
            return DecodeStatus.Ok;
        }
    }
}
