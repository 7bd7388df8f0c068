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
            Frame.RequireSpace(buffer, offset, FrameLength);
            int pos = offset + Frame.HeaderSize;
            Wire.WriteI64(buffer, ref pos, TimeMs);
            Wire.WriteU8(buffer, ref pos, (byte)State);
            Wire.WriteU8(buffer, ref pos, (byte)ResetReason);
            Wire.WriteU8(buffer, ref pos, ActiveSlot);
            Wire.WriteString(buffer, ref pos, FirmwareVersion, 1, MaxTextBytes);
            Wire.WriteString(buffer, ref pos, Board, 1, MaxTextBytes);
            Wire.WriteU32(buffer, ref pos, UptimeSeconds);
            Wire.WriteU32(buffer, ref pos, FreeMemory);
            Wire.WriteU32(buffer, ref pos, SamplesTaken);
            Wire.WriteU32(buffer, ref pos, SendFailures);
            Wire.WriteU32(buffer, ref pos, QueueDepth);
            Wire.WriteU32(buffer, ref pos, QueueDropped);
            Wire.WriteU32(buffer, ref pos, LogsDropped);
            Wire.WriteU32(buffer, ref pos, SensorErrors);
            Wire.WriteU32(buffer, ref pos, CheckEvents);
            return Frame.Seal(buffer, offset, MessageType.Status, pos - offset - Frame.HeaderSize);
        }

        public DecodeStatus ReadFrom(byte[] buffer, int offset, int length)
        {
            int pos;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, MessageType.Status, out pos, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            int end = pos + payloadLength;
            if (payloadLength < 11)
            {
                return DecodeStatus.Truncated;
            }

            long time = Wire.ReadI64(buffer, ref pos);
            byte state = Wire.ReadU8(buffer, ref pos);
            byte reset = Wire.ReadU8(buffer, ref pos);
            byte slot = Wire.ReadU8(buffer, ref pos);
            if (state > (byte)DeviceState.Updating || reset > (byte)ResetReason.OtaRollback)
            {
                return DecodeStatus.InvalidField;
            }

            string firmware;
            status = Wire.ReadString(buffer, ref pos, end, 1, MaxTextBytes, out firmware);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            string board;
            status = Wire.ReadString(buffer, ref pos, end, 1, MaxTextBytes, out board);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            if (end - pos < CounterCount * 4)
            {
                return DecodeStatus.Truncated;
            }

            if (end - pos > CounterCount * 4)
            {
                return DecodeStatus.TrailingBytes;
            }

            TimeMs = time;
            State = (DeviceState)state;
            ResetReason = (ResetReason)reset;
            ActiveSlot = slot;
            FirmwareVersion = firmware;
            Board = board;
            UptimeSeconds = Wire.ReadU32(buffer, ref pos);
            FreeMemory = Wire.ReadU32(buffer, ref pos);
            SamplesTaken = Wire.ReadU32(buffer, ref pos);
            SendFailures = Wire.ReadU32(buffer, ref pos);
            QueueDepth = Wire.ReadU32(buffer, ref pos);
            QueueDropped = Wire.ReadU32(buffer, ref pos);
            LogsDropped = Wire.ReadU32(buffer, ref pos);
            SensorErrors = Wire.ReadU32(buffer, ref pos);
            CheckEvents = Wire.ReadU32(buffer, ref pos);
            return DecodeStatus.Ok;
        }
    }
}
