namespace IotStack.Firmware.Ota
{
    /// <summary>Updater limits; defaults suit an ESP32 on Wi-Fi.</summary>
    public sealed class OtaOptions
    {
        public OtaOptions()
        {
            ChunkSize = 4096;
            RequestWindow = 4;
            RequestTimeoutMs = 5000;
            MaxRequestAttempts = 6;
            HealthDeadlineMs = 120000;
            MaxTrialBoots = 3;
            MaxStepEntries = 3;
            HashBytesPerTick = 16384;
            CopyBytesPerTick = 16384;
        }

        /// <summary>Bytes asked for per request (1-4096, the protocol's cap).</summary>
        public int ChunkSize { get; set; }

        /// <summary>
        /// Chunk requests kept in flight (1-8). One is bound by the round trip; a few keep the link busy while the
        /// board still paces the transfer. Costs (RequestWindow - 1) × ChunkSize of RAM for chunks that overtake others.
        /// </summary>
        public int RequestWindow { get; set; }

        /// <summary>
        /// A request unanswered this long is sent again. After each unanswered request at the head the wait doubles,
        /// up to 4×, until a chunk arrives.
        /// </summary>
        public int RequestTimeoutMs { get; set; }

        /// <summary>Unanswered requests in a row before the transfer fails (partial files are kept for a resume).</summary>
        public int MaxRequestAttempts { get; set; }

        /// <summary>A new image must connect and report within this time after boot, or the board rolls back.</summary>
        public int HealthDeadlineMs { get; set; }

        /// <summary>Boots into a new image on probation before it counts as a reboot loop and is rolled back.</summary>
        public int MaxTrialBoots { get; set; }

        /// <summary>Times a step may be resumed after a restart before the updater gives up on it.</summary>
        public int MaxStepEntries { get; set; }

        public int HashBytesPerTick { get; set; }

        public int CopyBytesPerTick { get; set; }
    }
}
