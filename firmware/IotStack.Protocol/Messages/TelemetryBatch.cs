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

        private readonly byte[] _channels = new byte[MaxSamples];
        private readonly long[] _times = new long[MaxSamples];
        private readonly float[] _values = new float[MaxSamples];

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
            if (Count == MaxSamples || (Count > 0 && (timeMs < _times[0] || timeMs - _times[0] > uint.MaxValue)))
            {
                return false;
            }

            _channels[Count] = channel;
            _times[Count] = timeMs;
            _values[Count] = value;
            Count++;
            return true;
        }

        public byte ChannelAt(int index)
        {
            return _channels[index];
        }

        public long TimeAt(int index)
        {
            return _times[index];
        }

        public float ValueAt(int index)
        {
            return _values[index];
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

            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            long baseTime = _times[0];
            writer.WriteU32(Sequence);
            writer.WriteU8(Flags);
            writer.WriteI64(baseTime);
            writer.WriteU8(Count);
            for (int i = 0; i < Count; i++)
            {
                writer.WriteU8(_channels[i]);
                writer.WriteU32((uint)(_times[i] - baseTime));
                writer.WriteF32(_values[i]);
            }

            return writer.Seal(MessageType.Telemetry);
        }

        /// <summary>Decodes into this instance. On failure the instance is left empty.</summary>
        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            Count = 0;
            FrameReader reader;
            DecodeStatus status = FrameReader.Open(buffer, offset, length, MessageType.Telemetry, FixedSize, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            uint sequence = reader.ReadU32();
            byte flags = reader.ReadU8();
            long baseTime = reader.ReadI64();
            int count = reader.ReadU8();
            if (count == 0)
            {
                return DecodeStatus.InvalidField;
            }

            if (count > MaxSamples)
            {
                return DecodeStatus.Oversize;
            }

            int needed = count * SampleSize;
            status = reader.Expect(needed);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            for (int i = 0; i < count; i++)
            {
                _channels[i] = reader.ReadU8();
                _times[i] = baseTime + reader.ReadU32();
                _values[i] = reader.ReadF32();
            }

            Sequence = sequence;
            Flags = flags;
            Count = count;
            return DecodeStatus.Ok;
        }
    }
}
