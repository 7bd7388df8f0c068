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
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteString(TokenId, 1, MaxTokenIdBytes);
            writer.WriteString(Secret, 1, MaxSecretBytes);
            writer.WriteString(Device, 1, DeviceTopics.MaxIdLength);
            return writer.Seal(MessageType.ClaimRequest);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            FrameReader reader;
            DecodeStatus status = FrameReader.Open(buffer, offset, length, MessageType.ClaimRequest, 0, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            string tokenId = reader.ReadString(1, MaxTokenIdBytes);
            string secret = reader.ReadString(1, MaxSecretBytes);
            string device = reader.ReadString(1, DeviceTopics.MaxIdLength);
            status = reader.Finish();
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            TokenId = tokenId;
            Secret = secret;
            Device = device;
            return DecodeStatus.Ok;
        }
    }
}
