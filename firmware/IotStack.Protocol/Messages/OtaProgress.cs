namespace IotStack.Protocol
{
    /// <summary>
    /// A board's report on an update. Payload: [transfer id u32][state u8][percent u8][bytes received u32]
    /// [version str8][reason str16]. Reason is set for Failed and RolledBack ("signature", "hash", "board", ...).
    /// </summary>
    public sealed class OtaProgress
    {
        public const int MaxVersionBytes = 32;
        public const int MaxReasonBytes = 256;

        public uint TransferId { get; set; }

        public OtaState State { get; set; }

        public byte Percent { get; set; }

        public uint BytesReceived { get; set; }

        public string Version { get; set; }

        public string Reason { get; set; }

        public int FrameLength
        {
            get
            {
                return Frame.Overhead + 10 + Wire.StringSize(Version, 1, MaxVersionBytes)
                    + Wire.StringSize(Reason, 2, MaxReasonBytes);
            }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteU32(buffer, ref pos, TransferId);
            Wire.WriteU8(buffer, ref pos, (byte)State);
            Wire.WriteU8(buffer, ref pos, Percent);
            Wire.WriteU32(buffer, ref pos, BytesReceived);
            Wire.WriteString(buffer, ref pos, Version, 1, MaxVersionBytes);
            Wire.WriteString(buffer, ref pos, Reason, 2, MaxReasonBytes);
            return Frame.Seal(buffer, offset, MessageType.OtaProgress, pos - offset - Frame.HeaderSize);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.OtaProgress, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int end = pos + payloadLength;
            if (payloadLength < 10)
            {
                return DecodeStatus.Truncated;
            }

            uint id = Wire.ReadU32(buffer, ref pos);
            byte state = Wire.ReadU8(buffer, ref pos);
            byte percent = Wire.ReadU8(buffer, ref pos);
            uint received = Wire.ReadU32(buffer, ref pos);
            if (state < (byte)OtaState.Offered || state > (byte)OtaState.RolledBack || percent > 100)
            {
                return DecodeStatus.InvalidField;
            }

            string version;
            status = Wire.ReadString(buffer, ref pos, end, 1, MaxVersionBytes, out version);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            string reason;
            status = Wire.ReadString(buffer, ref pos, end, 2, MaxReasonBytes, out reason);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (pos != end)
            {
                return DecodeStatus.TrailingBytes;
            }

            TransferId = id;
            State = (OtaState)state;
            Percent = percent;
            BytesReceived = received;
            Version = version;
            Reason = reason;
            return DecodeStatus.Ok;
        }
    }
}
