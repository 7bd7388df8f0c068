using IotStack.Firmware.Storage;
using IotStack.Protocol;

namespace IotStack.Firmware.Telemetry
{
    /// <summary>
    /// Collects samples into one preallocated <see cref="TelemetryBatch"/> and says when it is due:
    /// full to the configured size, or its first sample old enough. Each flushed batch takes the next
    /// per-device sequence number.
    /// </summary>
    internal sealed class Batcher
    {
        private readonly TelemetryBatch batch = new TelemetryBatch();
        private readonly SequenceCounter sequence;
        private long firstUptimeMs;

        public Batcher(SequenceCounter sequence)
        {
            this.sequence = sequence;
        }

        public int Count
        {
            get { return batch.Count; }
        }

        /// <summary>Adds a sample; false when the batch cannot take it (full, or time not expressible) and must be flushed first.</summary>
        public bool Add(byte channel, long timeMs, float value, long uptimeMs)
        {
            if (batch.Count == 0)
            {
                firstUptimeMs = uptimeMs;
            }

            return batch.Add(channel, timeMs, value);
        }

        public bool IsDue(long uptimeMs, int maxSamples, int maxAgeMs)
        {
            return batch.Count > 0 && (batch.Count >= maxSamples || batch.IsFull || uptimeMs - firstUptimeMs >= maxAgeMs);
        }

        /// <summary>Stamps the batch with its sequence number and hands it out; call <see cref="Reset"/> once it is sent or queued.</summary>
        public TelemetryBatch Seal()
        {
            batch.Sequence = sequence.Next();
            batch.Flags = 0;
            return batch;
        }

        public void Reset()
        {
            batch.Clear();
        }
    }
}
