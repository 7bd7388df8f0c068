namespace IotStack.Protocol
{
    /// <summary>
    /// Heartbeat and health counters, published retained so a newly started gateway knows every
    /// board's last state at once; the broker publishes the Offline form as the board's last will.
    /// Payload: [time i64][state u8][reset reason u8][active slot u8][firmware str8][board str8]
    /// then u32 × 9: uptime s, free memory, samples taken, send failures, queue depth, queue dropped,
    /// logs dropped, sensor errors, check events.
    /// </summary>
    public sealed class StatusReport
    {
        public const int MaxTextBytes = 32;
        private const int CounterCount = 9;

        public long TimeMs { get; set; }

        public DeviceState State { get; set; }

        public ResetReason ResetReason { get; set; }

        public byte ActiveSlot { get; set; }

        public string FirmwareVersion { get; set; }

        public string Board { get; set; }

        public uint UptimeSeconds { get; set; }

        public uint FreeMemory { get; set; }

        public uint SamplesTaken { get; set; }

        public uint SendFailures { get; set; }

        public uint QueueDepth { get; set; }

        public uint QueueDropped { get; set; }

        public uint LogsDropped { get; set; }

        public uint SensorErrors { get; set; }

        public uint CheckEvents { get; set; }

        public int FrameLength
        {
            get
            {
                return Frame.Overhead + 8 + 3 + Wire.StringSize(FirmwareVersion, 1, MaxTextBytes)
                    + Wire.StringSize(Board, 1, MaxTextBytes) + (CounterCount * 4);
            }
        }

        public int WriteTo(byte[] buffer, int offset)
        {
            FrameWriter writer = FrameWriter.Begin(buffer, offset, FrameLength);
            writer.WriteI64(TimeMs);
            writer.WriteU8((byte)State);
            writer.WriteU8((byte)ResetReason);
            writer.WriteU8(ActiveSlot);
            writer.WriteString(FirmwareVersion, 1, MaxTextBytes);
            writer.WriteString(Board, 1, MaxTextBytes);
            writer.WriteU32(UptimeSeconds);
            writer.WriteU32(FreeMemory);
            writer.WriteU32(SamplesTaken);
            writer.WriteU32(SendFailures);
            writer.WriteU32(QueueDepth);
            writer.WriteU32(QueueDropped);
            writer.WriteU32(LogsDropped);
            writer.WriteU32(SensorErrors);
            writer.WriteU32(CheckEvents);
            return writer.Seal(MessageType.Status);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            FrameReader reader;
            DecodeStatus status = FrameReader.Open(buffer, offset, length, MessageType.Status, 11, out reader);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            long time = reader.ReadI64();
            byte state = reader.ReadU8();
            byte reset = reader.ReadU8();
            byte slot = reader.ReadU8();
            if (state > (byte)DeviceState.Updating || reset > (byte)ResetReason.OtaRollback)
            {
                return DecodeStatus.InvalidField;
            }

            string firmware;
            status = reader.ReadString(1, MaxTextBytes, out firmware);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            string board;
            status = reader.ReadString(1, MaxTextBytes, out board);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            status = reader.Expect(CounterCount * 4);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            TimeMs = time;
            State = (DeviceState)state;
            ResetReason = (ResetReason)reset;
            ActiveSlot = slot;
            FirmwareVersion = firmware;
            Board = board;
            UptimeSeconds = reader.ReadU32();
            FreeMemory = reader.ReadU32();
            SamplesTaken = reader.ReadU32();
            SendFailures = reader.ReadU32();
            QueueDepth = reader.ReadU32();
            QueueDropped = reader.ReadU32();
            LogsDropped = reader.ReadU32();
            SensorErrors = reader.ReadU32();
            CheckEvents = reader.ReadU32();
            return DecodeStatus.Ok;
        }
    }
}
