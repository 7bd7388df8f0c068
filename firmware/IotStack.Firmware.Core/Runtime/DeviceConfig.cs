namespace IotStack.Firmware.Runtime
{
    /// <summary>
    /// What the board's entry point (ESP32 Program or the virtual board) tells the core at boot:
    /// identity and the sizes of every preallocated buffer and flash bound. Defaults suit an ESP32.
    /// </summary>
    public sealed class DeviceConfig
    {
        public DeviceConfig(string fleet, string deviceId, string firmwareVersion)
        {
            Fleet = fleet;
            DeviceId = deviceId;
            FirmwareVersion = firmwareVersion;
            QueueSegmentBytes = 4096;
            QueueSegments = 8;
            LogRingCapacity = 32;
            LogFileBytes = 16384;
            InboxSlots = 4;
            InboxSlotBytes = 4608;
            MaxQueuedFramesPerTick = 8;
            MaxLogRecordsPerTick = 8;
            MaxIdleMs = 500;
        }

        public string Fleet { get; private set; }

        public string DeviceId { get; private set; }

        /// <summary>Reported in every StatusReport (≤ 32 bytes UTF-8).</summary>
        public string FirmwareVersion { get; private set; }

        /// <summary>Boot slot of the running image (OTA A/B); reported in StatusReport.</summary>
        public byte ActiveSlot { get; set; }

        /// <summary>Store-and-forward bound: segments × segment bytes of flash.</summary>
        public int QueueSegmentBytes { get; set; }

        public int QueueSegments { get; set; }

        public int LogRingCapacity { get; set; }

        /// <summary>Bound of the persisted log (two files of half this size).</summary>
        public int LogFileBytes { get; set; }

        /// <summary>Messages from the broker waiting for the main loop.</summary>
        public int InboxSlots { get; set; }

        /// <summary>Largest message accepted from the broker; must hold an OTA chunk frame.</summary>
        public int InboxSlotBytes { get; set; }

        /// <summary>Bounds the work per Tick so the watchdog is fed in time while a backlog drains.</summary>
        public int MaxQueuedFramesPerTick { get; set; }

        public int MaxLogRecordsPerTick { get; set; }

        /// <summary>Longest wait between ticks in <see cref="DeviceRuntime.Run"/>; well inside any watchdog timeout.</summary>
        public int MaxIdleMs { get; set; }
    }
}
