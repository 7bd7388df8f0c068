namespace IotStack.Protocol
{
    /// <summary>
    /// A new board asks for its own broker credential with a fleet's enrolment token (docs/security.md, "Claiming").
    /// The token's secret is repeated here although the broker checked it at CONNECT: behind Mosquitto the gateway
    /// does not see who published, so the request itself must prove it holds the token.
    /// Payload: [token id str8][token secret str8][device id str8].
    /// </summary>
    public sealed class ClaimRequest
    {
        public const int MaxTokenIdBytes = 32;
        public const int MaxSecretBytes = 64;

        public string TokenId { get; set; }

        public string Secret { get; set; }

        /// <summary>The device id the board wants; 1-64 of [A-Za-z0-9_.-] (<see cref="DeviceTopics.IsValidId"/>).</summary>
        public string Device { get; set; }

        public int FrameLength
        {
            get
            {
                return Frame.Overhead + Wire.StringSize(TokenId, 1, MaxTokenIdBytes) + Wire.StringSize(Secret, 1, MaxSecretBytes)
                    + Wire.StringSize(Device, 1, DeviceTopics.MaxIdLength);
            }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteString(buffer, ref pos, TokenId, 1, MaxTokenIdBytes);
            Wire.WriteString(buffer, ref pos, Secret, 1, MaxSecretBytes);
            Wire.WriteString(buffer, ref pos, Device, 1, DeviceTopics.MaxIdLength);
            return Frame.Seal(buffer, offset, MessageType.ClaimRequest, pos - offset - Frame.HeaderSize);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.ClaimRequest, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int end = pos + payloadLength;
            string tokenId;
            status = Wire.ReadString(buffer, ref pos, end, 1, MaxTokenIdBytes, out tokenId);
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

            string device;
            status = Wire.ReadString(buffer, ref pos, end, 1, DeviceTopics.MaxIdLength, out device);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (pos != end)
            {
                return DecodeStatus.TrailingBytes;
            }

            TokenId = tokenId;
            Secret = secret;
            Device = device;
            return DecodeStatus.Ok;
        }
    }
}
