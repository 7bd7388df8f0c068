namespace IotStack.Protocol
{
    /// <summary>
    /// The gateway's answer to a <see cref="ClaimRequest"/>: on <see cref="ClaimStatus.Issued"/> the board's broker user
    /// name and secret (it then reconnects as that user); otherwise empty strings and the reason.
    /// Payload: [status u8][fleet str8][device str8][user str8][secret str8].
    /// </summary>
    public sealed class ClaimReply
    {
        public const int MaxUserBytes = 2 * DeviceTopics.MaxIdLength + 1;
        public const int MaxSecretBytes = 64;

        public ClaimStatus Status { get; set; }

        public string Fleet { get; set; }

        public string Device { get; set; }

        /// <summary>The board's broker user name (and client id), <c>{fleet}.{device}</c>.</summary>
        public string User { get; set; }

        public string Secret { get; set; }

        public int FrameLength
        {
            get
            {
                return Frame.Overhead + 1 + Wire.StringSize(Fleet, 1, DeviceTopics.MaxIdLength) + Wire.StringSize(Device, 1, DeviceTopics.MaxIdLength)
                    + Wire.StringSize(User, 1, MaxUserBytes) + Wire.StringSize(Secret, 1, MaxSecretBytes);
            }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteU8((byte)Status);
            writer.WriteString(Fleet, 1, DeviceTopics.MaxIdLength);
            writer.WriteString(Device, 1, DeviceTopics.MaxIdLength);
            writer.WriteString(User, 1, MaxUserBytes);
            writer.WriteString(Secret, 1, MaxSecretBytes);
            return writer.Seal(MessageType.ClaimReply);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            FrameReader reader;
            DecodeStatus status = FrameReader.Open(buffer, offset, length, MessageType.ClaimReply, 1, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            byte code = reader.ReadU8();
            if (code > (byte)ClaimStatus.Invalid)
            {
                return DecodeStatus.InvalidField;
            }

            string fleet = reader.ReadString(1, DeviceTopics.MaxIdLength);
            string device = reader.ReadString(1, DeviceTopics.MaxIdLength);
            string user = reader.ReadString(1, MaxUserBytes);
            string secret = reader.ReadString(1, MaxSecretBytes);
            status = reader.Finish();
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            Status = (ClaimStatus)code;
            Fleet = fleet;
            Device = device;
            User = user;
            Secret = secret;
            return DecodeStatus.Ok;
        }
    }
}
