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
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteU32(buffer, ref pos, CommandId);
            Wire.WriteU8(buffer, ref pos, (byte)Status);
            Wire.WriteString(buffer, ref pos, Text, 2, MaxTextBytes);
            return Frame.Seal(buffer, offset, MessageType.CommandReply, pos - offset - Frame.HeaderSize);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.CommandReply, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int end = pos + payloadLength;
            if (payloadLength < 5)
            {
                return DecodeStatus.Truncated;
            }

            uint id = Wire.ReadU32(buffer, ref pos);
            byte code = Wire.ReadU8(buffer, ref pos);
            if (code > (byte)CommandStatus.InvalidArgument)
            {
                return DecodeStatus.InvalidField;
            }

            string text;
            status = Wire.ReadString(buffer, ref pos, end, 2, MaxTextBytes, out text);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (pos != end)
            {
                return DecodeStatus.TrailingBytes;
            }

            CommandId = id;
            Status = (CommandStatus)code;
            Text = text;
            return DecodeStatus.Ok;
        }
    }
}
