using IotStack.Firmware.Checks;

namespace IotStack.Firmware.Storage
{
    /// <summary>
    /// What the gateway can change on a board and what survives a reboot: heartbeat and batching,
    /// per-channel sample periods and per-channel check specs. Indexed by Protocol channel number.
    /// </summary>
    internal sealed class DeviceSettings
    {
        public const int DefaultHeartbeatSeconds = 60;
        public const int DefaultBatchMaxSamples = 16;
        public const int DefaultBatchMaxAgeMs = 10000;
        public const int DefaultSamplePeriodMs = 1000;
        public const int MinSamplePeriodMs = 100;
        public const int MaxSamplePeriodMs = 86400000;

        private readonly int[] samplePeriodMs = new int[CheckSet.MaxChannel + 1];
        private readonly ChannelThresholds[] thresholds = new ChannelThresholds[CheckSet.MaxChannel + 1];

        public DeviceSettings()
        {
            for (int c = 0; c <= CheckSet.MaxChannel; c++)
            {
                thresholds[c] = new ChannelThresholds();
            }

            ResetToDefaults();
        }

        public int HeartbeatSeconds { get; set; }

        /// <summary>A batch is sent when it holds this many samples (1..TelemetryBatch.MaxSamples)...</summary>
        public int BatchMaxSamples { get; set; }

        /// <summary>...or when its first sample is this old.</summary>
        public int BatchMaxAgeMs { get; set; }

        public int SamplePeriodMs(int channel)
        {
            return samplePeriodMs[channel];
        }

        public void SetSamplePeriodMs(int channel, int periodMs)
        {
            samplePeriodMs[channel] = periodMs;
        }

        public ChannelThresholds Thresholds(int channel)
        {
            return thresholds[channel];
        }

        public void ResetToDefaults()
        {
            HeartbeatSeconds = DefaultHeartbeatSeconds;
            BatchMaxSamples = DefaultBatchMaxSamples;
            BatchMaxAgeMs = DefaultBatchMaxAgeMs;
            for (int c = 0; c <= CheckSet.MaxChannel; c++)
            {
                samplePeriodMs[c] = DefaultSamplePeriodMs;
                thresholds[c].Clear();
            }
        }

        public static bool IsValidSamplePeriod(int periodMs)
        {
            return periodMs >= MinSamplePeriodMs && periodMs <= MaxSamplePeriodMs;
        }
    }
}
