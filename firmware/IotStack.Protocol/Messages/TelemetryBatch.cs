namespace IotStack.Protocol
{
    /// <summary>
    /// Several samples of several channels, sent as one frame. Reused: a board fills one instance per
    /// batch and the gateway decodes into one per connection, so neither allocates per message.
    /// Payload: [sequence u32][flags u8][base time i64 ms][count u8] then count × [channel u8][offset u32 ms][value f32].
    /// </summary>
    public sealed class TelemetryBatch
    {
        public const int MaxSamples = 64;
        public const int SampleSize = 9;
        private const int FixedSize = 4 + 1 + 8 + 1;

        /// <summary>Bit 0 of <see cref="Flags"/>: the batch was held in store-and-forward and is sent late.</summary>
        public const byte FlagReplayed = 1;

        private readonly byte[] channels = new byte[MaxSamples];
        private readonly long[] times = new long[MaxSamples];
        private readonly float[] values = new float[MaxSamples];

        /// <summary>Per-device counter, +1 per batch: the gateway orders and de-duplicates by it.</summary>
        public uint Sequence { get; set; }

        public byte Flags { get; set; }

        public int Count { get; private set; }

        public bool IsFull
        {
            get { return Count == MaxSamples; }
        }

        public void Clear()
        {
            Count = 0;
            Flags = 0;
        }

        /// <summary>Adds a sample; false when the batch is full or the time cannot be expressed against the first sample.</summary>
        public bool Add(byte channel, long timeMs, float value)
        {
            if (Count == MaxSamples || (Count > 0 && (timeMs < times[0] || timeMs - times[0] > uint.MaxValue)))
            {
                return false;
            }

            channels[Count] = channel;
            times[Count] = timeMs;
            values[Count] = value;
            Count++;
            return true;
        }

        public byte ChannelAt(int index)
        {
            return channels[index];
        }

        public long TimeAt(int index)
        {
            return times[index];
        }

        public float ValueAt(int index)
        {
            return values[index];
        }

        public int FrameLength
        {
            get { return Frame.Overhead + FixedSize + (Count * SampleSize); }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            if (Count == 0)
            {
                throw new System.InvalidOperationException("An empty batch is not sent.");
            }

            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            long baseTime = times[0];
            Wire.WriteU32(buffer, ref pos, Sequence);
            Wire.WriteU8(buffer, ref pos, Flags);
            Wire.WriteI64(buffer, ref pos, baseTime);
            Wire.WriteU8(buffer, ref pos, Count);
            for (int i = 0; i < Count; i++)
            {
                Wire.WriteU8(buffer, ref pos, channels[i]);
                Wire.WriteU32(buffer, ref pos, (uint)(times[i] - baseTime));
                Wire.WriteF32(buffer, ref pos, values[i]);
            }

            return Frame.Seal(buffer, offset, MessageType.Telemetry, pos - offset - Frame.HeaderSize);
        }

        /// <summary>Decodes into this instance. On failure the instance is left empty.</summary>
        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            Count = 0;
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.Telemetry, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int end = pos + payloadLength;
            if (payloadLength < FixedSize)
            {
                return DecodeStatus.Truncated;
            }

            uint sequence = Wire.ReadU32(buffer, ref pos);
            byte flags = Wire.ReadU8(buffer, ref pos);
            long baseTime = Wire.ReadI64(buffer, ref pos);
            int count = Wire.ReadU8(buffer, ref pos);
            if (count == 0)
            {
                return DecodeStatus.InvalidField;
            }

            if (count > MaxSamples)
            {
                return DecodeStatus.Oversize;
            }

            int needed = count * SampleSize;
            if (end - pos < needed)
            {
                return DecodeStatus.Truncated;
            }

            if (end - pos > needed)
            {
                return DecodeStatus.TrailingBytes;
            }

            for (int i = 0; i < count; i++)
            {
                channels[i] = Wire.ReadU8(buffer, ref pos);
                times[i] = baseTime + Wire.ReadU32(buffer, ref pos);
                values[i] = Wire.ReadF32(buffer, ref pos);
            }

            Sequence = sequence;
            Flags = flags;
            Count = count;
            return DecodeStatus.Ok;
        }
    }
}
