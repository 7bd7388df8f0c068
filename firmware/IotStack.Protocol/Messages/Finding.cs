namespace IotStack.Protocol
{
    /// <summary>
    /// An on-chip check violation, sent at once outside the telemetry batch so the gateway hears of
    /// it without waiting for the batch to fill.
    /// Payload: [time i64 ms][channel u8][rule u8][value f32][expected low f32][expected high f32].
    /// </summary>
    public sealed class Finding
    {
        private const int PayloadSize = 8 + 1 + 1 + 4 + 4 + 4;

        public long TimeMs { get; set; }

        public byte Channel { get; set; }

        public FindingRule Rule { get; set; }

        public float Value { get; set; }

        public float ExpectedLow { get; set; }

        public float ExpectedHigh { get; set; }

        public int FrameLength
        {
            get { return Frame.Overhead + PayloadSize; }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteI64(buffer, ref pos, TimeMs);
            Wire.WriteU8(buffer, ref pos, Channel);
            Wire.WriteU8(buffer, ref pos, (byte)Rule);
            Wire.WriteF32(buffer, ref pos, Value);
            Wire.WriteF32(buffer, ref pos, ExpectedLow);
            Wire.WriteF32(buffer, ref pos, ExpectedHigh);
            return Frame.Seal(buffer, offset, MessageType.Finding, PayloadSize);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.Finding, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (payloadLength != PayloadSize)
            {
                return payloadLength < PayloadSize ? DecodeStatus.Truncated : DecodeStatus.TrailingBytes;
            }

            long time = Wire.ReadI64(buffer, ref pos);
            byte channel = Wire.ReadU8(buffer, ref pos);
            byte rule = Wire.ReadU8(buffer, ref pos);
            if (rule < (byte)FindingRule.AboveMax || rule > (byte)FindingRule.SensorError)
            {
                return DecodeStatus.InvalidField;
            }

            TimeMs = time;
            Channel = channel;
            Rule = (FindingRule)rule;
            Value = Wire.ReadF32(buffer, ref pos);
            ExpectedLow = Wire.ReadF32(buffer, ref pos);
            ExpectedHigh = Wire.ReadF32(buffer, ref pos);
            return DecodeStatus.Ok;
        }
    }
}
