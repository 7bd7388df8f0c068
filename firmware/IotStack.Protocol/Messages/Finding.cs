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
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteI64(TimeMs);
            writer.WriteU8(Channel);
            writer.WriteU8((byte)Rule);
            writer.WriteF32(Value);
            writer.WriteF32(ExpectedLow);
            writer.WriteF32(ExpectedHigh);
            return writer.Seal(MessageType.Finding);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            FrameReader reader;
            DecodeStatus status = FrameReader.OpenFixed(buffer, offset, length, MessageType.Finding, PayloadSize, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            long time = reader.ReadI64();
            byte channel = reader.ReadU8();
            byte rule = reader.ReadU8();
            if (rule < (byte)FindingRule.AboveMax || rule > (byte)FindingRule.SensorError)
            {
                return DecodeStatus.InvalidField;
            }

            TimeMs = time;
            Channel = channel;
            Rule = (FindingRule)rule;
            Value = reader.ReadF32();
            ExpectedLow = reader.ReadF32();
            ExpectedHigh = reader.ReadF32();
            return DecodeStatus.Ok;
        }
    }
}
