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
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteU8(buffer, ref pos, (byte)Status);
            Wire.WriteString(buffer, ref pos, Fleet, 1, DeviceTopics.MaxIdLength);
            Wire.WriteString(buffer, ref pos, Device, 1, DeviceTopics.MaxIdLength);
            Wire.WriteString(buffer, ref pos, User, 1, MaxUserBytes);
            Wire.WriteString(buffer, ref pos, Secret, 1, MaxSecretBytes);
            return Frame.Seal(buffer, offset, MessageType.ClaimReply, pos - offset - Frame.HeaderSize);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.ClaimReply, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int end = pos + payloadLength;
            if (payloadLength < 1)
            {
                return DecodeStatus.Truncated;
            }

            byte code = Wire.ReadU8(buffer, ref pos);
            if (code > (byte)ClaimStatus.Invalid)
            {
                return DecodeStatus.InvalidField;
            }

            string fleet;
            status = Wire.ReadString(buffer, ref pos, end, 1, DeviceTopics.MaxIdLength, out fleet);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            string device;
            status = Wire.ReadString(buffer, ref pos, end, 1, DeviceTopics.MaxIdLength, out device);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            string user;
            status = Wire.ReadString(buffer, ref pos, end, 1, MaxUserBytes, out user);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            string secret;
            status = Wire.ReadString(buffer, ref pos, end, 1, MaxSecretBytes, out secret);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (pos != end)
            {
                return DecodeStatus.TrailingBytes;
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
