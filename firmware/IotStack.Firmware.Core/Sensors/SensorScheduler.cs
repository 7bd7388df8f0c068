namespace IotStack.Firmware.Sensors
{
    /// <summary>
    /// When each sensor is next due, on the monotonic uptime clock. A late tick does not cause a burst
    /// of catch-up reads: the next read is scheduled one period after the actual one.
    /// </summary>
    internal sealed class SensorScheduler
    {
        private readonly long[] nextDueMs;

        public SensorScheduler(int sensorCount)
        {
            nextDueMs = new long[sensorCount];
        }

        public bool IsDue(int sensor, long uptimeMs)
        {
            return uptimeMs >= nextDueMs[sensor];
        }

        public void Schedule(int sensor, long uptimeMs, int periodMs)
        {
            nextDueMs[sensor] = uptimeMs + periodMs;
        }

        /// <summary>Milliseconds until the earliest sensor is due (0 when one is due now).</summary>
        public long MsUntilNext(long uptimeMs)
        {
            long best = long.MaxValue;
            for (int i = 0; i < nextDueMs.Length; i++)
            {
                long wait = nextDueMs[i] - uptimeMs;
                if (wait < best)
                {
                    best = wait;
                }
            }

            return best < 0 ? 0 : best;
        }
    }
}
