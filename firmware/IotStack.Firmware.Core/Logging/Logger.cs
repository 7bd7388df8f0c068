using IotStack.Firmware.Runtime;
using IotStack.Firmware.Hal;
using IotStack.Firmware.Storage;
using IotStack.Protocol;

namespace IotStack.Firmware.Logging
{
    /// <summary>
    /// The board's log: every record gets the next per-device sequence number (rising across reboots),
    /// goes into a RAM ring, is persisted to flash from <see cref="PersistLevel"/> up, and is shipped
    /// to the gateway as a LogRecord frame when online. Records overwritten in the ring before they
    /// were shipped, and records the flash bound evicted, are counted in <see cref="Dropped"/>.
    /// Used from the main-loop thread only.
    /// </summary>
    internal sealed class Logger
    {
        private const int FrameBufferSize = Frame.Overhead + 4 + 8 + 1 + 1 + LogRecord.MaxSourceBytes + 2 + LogRecord.MaxMessageBytes;

        private readonly IClock clock;
        private readonly LogRing ring;
        private readonly LogFile file;
        private readonly LogReplay replay;
        private readonly SequenceCounter sequence;
        private readonly LogRecord record = new LogRecord();
        private readonly byte[] frame = new byte[FrameBufferSize];

        /// <summary>Records with a sequence from here on have not been shipped yet.</summary>
        private uint shipFrom;
        private bool anyLogged;
        private uint ringDropped;

        public Logger(IClock clock, IFlashStore flash, int ringCapacity, int fileBytes)
        {
            this.clock = clock;
            ring = new LogRing(ringCapacity);
            file = new LogFile(flash, fileBytes);
            replay = new LogReplay(flash, file);
            sequence = new SequenceCounter(flash, "seq.log");
            PersistLevel = LogLevel.Info;
        }

        public LogLevel PersistLevel { get; set; }

        public uint Dropped
        {
            get { return ringDropped + file.Dropped; }
        }

        public int Count
        {
            get { return ring.Count; }
        }

        public void Open()
        {
            file.Open();
            sequence.Open();
        }

        public void Log(LogLevel level, string source, string message)
        {
            uint seq = sequence.Next();
            long now = clock.NowMs;
            if (!anyLogged)
            {
                shipFrom = seq;
                anyLogged = true;
            }

            uint evicted;
            if (ring.Add(seq, now, level, source, message, out evicted) && evicted >= shipFrom)
            {
                ringDropped++;
                shipFrom = evicted + 1;
            }

            if (level >= PersistLevel)
            {
                record.Sequence = seq;
                record.TimeMs = now;
                record.Level = level;
                record.Source = source;
                record.Message = message;
                file.Append(frame, record.WriteTo(frame, 0));
            }
        }

        public void Info(string source, string message)
        {
            Log(LogLevel.Info, source, message);
        }

        public void Warning(string source, string message)
        {
            Log(LogLevel.Warning, source, message);
        }

        public void Error(string source, string message)
        {
            Log(LogLevel.Error, source, message);
        }

        /// <summary>Publishes up to <paramref name="max"/> unshipped records in order; stops at the first failure.</summary>
        public int Ship(IFramePublisher publisher, string topic, int max)
        {
            // Records replayed from flash are older than everything in RAM: they go first.
            int shipped = replay.Ship(publisher, topic, frame, max);
            if (replay.Pending)
            {
                return shipped;
            }

            for (int i = 0; i < ring.Count && shipped < max; i++)
            {
                if (ring.SequenceAt(i) < shipFrom)
                {
                    continue;
                }

                ring.CopyTo(i, record);
                int length = record.WriteTo(frame, 0);
                if (!publisher.Publish(topic, frame, 0, length, false))
                {
                    break;
                }

                shipFrom = record.Sequence + 1;
                shipped++;
            }

            return shipped;
        }

        /// <summary>
        /// Marks the last <paramref name="count"/> records for shipping again (DumpLogs): those in RAM, and when more are
        /// asked for, the persisted ones before them (from <see cref="PersistLevel"/> up). Returns how many.
        /// </summary>
        public int Resend(int count)
        {
            int n = count < ring.Count ? count : ring.Count;
            if (n > 0)
            {
                uint first = ring.SequenceAt(ring.Count - n);
                if (first < shipFrom)
                {
                    shipFrom = first;
                }
            }

            if (count > n)
            {
                n += replay.Arm(ring.Count > 0 ? ring.SequenceAt(0) : uint.MaxValue, count - n);
            }

            return n;
        }
    }
}
