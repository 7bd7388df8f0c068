using IotStack.Protocol;

namespace IotStack.Firmware.Logging
{
    /// <summary>The most recent log records in RAM, fixed capacity: a new record overwrites the oldest.</summary>
    internal sealed class LogRing
    {
        private readonly uint[] sequences;
        private readonly long[] times;
        private readonly LogLevel[] levels;
        private readonly string[] sources;
        private readonly string[] messages;
        private int start;
        private int count;

        public LogRing(int capacity)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }

            sequences = new uint[capacity];
            times = new long[capacity];
            levels = new LogLevel[capacity];
            sources = new string[capacity];
            messages = new string[capacity];
        }

        public int Capacity
        {
            get { return sequences.Length; }
        }

        public int Count
        {
            get { return count; }
        }

        /// <summary>Adds a record; returns true when the ring was full and the oldest record was overwritten.</summary>
        public bool Add(uint sequence, long timeMs, LogLevel level, string source, string message, out uint evictedSequence)
        {
            evictedSequence = 0;
            int slot;
            bool evicted = count == sequences.Length;
            if (evicted)
            {
                slot = start;
                evictedSequence = sequences[slot];
                start = (start + 1) % sequences.Length;
            }
            else
            {
                slot = (start + count) % sequences.Length;
                count++;
            }

            sequences[slot] = sequence;
            times[slot] = timeMs;
            levels[slot] = level;
            sources[slot] = source;
            messages[slot] = message;
            return evicted;
        }

        /// <summary>Sequence of the record <paramref name="index"/> places after the oldest.</summary>
        public uint SequenceAt(int index)
        {
            return sequences[(start + index) % sequences.Length];
        }

        public void CopyTo(int index, LogRecord record)
        {
            int slot = (start + index) % sequences.Length;
            record.Sequence = sequences[slot];
            record.TimeMs = times[slot];
            record.Level = levels[slot];
            record.Source = sources[slot];
            record.Message = messages[slot];
        }
    }
}
