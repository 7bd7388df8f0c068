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
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteU32(TransferId);
            writer.WriteU8((byte)State);
            writer.WriteU8(Percent);
            writer.WriteU32(BytesReceived);
            writer.WriteString(Version, 1, MaxVersionBytes);
            writer.WriteString(Reason, 2, MaxReasonBytes);
            return writer.Seal(MessageType.OtaProgress);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            FrameReader reader;
            DecodeStatus status = FrameReader.Open(buffer, offset, length, MessageType.OtaProgress, 10, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            uint id = reader.ReadU32();
            byte state = reader.ReadU8();
            byte percent = reader.ReadU8();
            uint received = reader.ReadU32();
            if (state < (byte)OtaState.Offered || state > (byte)OtaState.RolledBack || percent > 100)
            {
                return DecodeStatus.InvalidField;
            }

            string version;
            status = reader.ReadString(1, MaxVersionBytes, out version);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            string reason;
            status = reader.ReadString(2, MaxReasonBytes, out reason);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            status = reader.Finish();
            if (status != DecodeStatus.Ok)
            {
                return status;
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
