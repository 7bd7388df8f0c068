using IotStack.Firmware.Hal;
using IotStack.Firmware.Runtime;
using IotStack.Protocol;

namespace IotStack.Firmware.Logging
{
    /// <summary>
    /// Sends persisted records again that are older than the RAM ring, when DumpLogs asks for more records than the
    /// ring holds. The log files hold complete LogRecord frames, so they are published as stored, older file first.
    /// A rotation while a replay runs only ends it early: a file whose records are newer than the replay window (it
    /// was deleted and rewritten) is left at its first such record.
    /// </summary>
    internal sealed class LogReplay
    {
        private const int Idle = 2;

        private readonly IFlashStore flash;
        private readonly LogFile file;
        private readonly byte[] header = new byte[Frame.HeaderSize + 4];
        private readonly string[] names = new string[2];
        private int fileIndex = Idle;
        private int position;
        private uint from;
        private uint until;

        public LogReplay(IFlashStore flash, LogFile file)
        {
            this.flash = flash;
            this.file = file;
        }

        public bool Pending
        {
            get { return fileIndex < Idle; }
        }

        /// <summary>
        /// Arms a replay of the last <paramref name="wanted"/> persisted records with a sequence below
        /// <paramref name="before"/> (the oldest record still in RAM); returns how many that is.
        /// </summary>
        public int Arm(uint before, int wanted)
        {
            names[0] = file.OtherName;
            names[1] = file.CurrentName;
            int total = CountBefore(before, int.MaxValue);
            int take = wanted < total ? wanted : total;
            if (take <= 0)
            {
                fileIndex = Idle;
                return 0;
            }

            // The first record to send is the one after the (total - take) oldest.
            from = SequenceAfter(before, total - take);
            until = before;
            fileIndex = 0;
            position = 0;
            return take;
        }

        /// <summary>Publishes up to <paramref name="max"/> replayed records; stops at the first failure.</summary>
        public int Ship(IFramePublisher publisher, string topic, byte[] frame, int max)
        {
            int shipped = 0;
            while (fileIndex < Idle && shipped < max)
            {
                int length = ReadFrame(names[fileIndex], position, frame);
                uint sequence = length > 0 ? Wire.PeekU32(frame, Frame.HeaderSize) : 0;
                if (length <= 0 || sequence >= until)
                {
                    fileIndex++;
                    position = 0;
                    continue;
                }

                if (sequence >= from)
                {
                    if (!publisher.Publish(topic, frame, 0, length, false))
                    {
                        break;
                    }

                    shipped++;
                }

                position += length;
            }

            return shipped;
        }

        private int CountBefore(uint before, int limit)
        {
            int count = 0;
            for (int f = 0; f < 2; f++)
            {
                int pos = 0;
                uint sequence;
                int length;
                while (count < limit && (length = Peek(names[f], pos, out sequence)) > 0 && sequence < before)
                {
                    count++;
                    pos += length;
                }
            }

            return count;
        }

        private uint SequenceAfter(uint before, int skip)
        {
            int seen = 0;
            for (int f = 0; f < 2; f++)
            {
                int pos = 0;
                uint sequence;
                int length;
                while ((length = Peek(names[f], pos, out sequence)) > 0 && sequence < before)
                {
                    if (seen == skip)
                    {
                        return sequence;
                    }

                    seen++;
                    pos += length;
                }
            }

            return before;
        }

        /// <summary>Length of the frame at <paramref name="pos"/> and its record's sequence, or 0 at the end.</summary>
        private int Peek(string name, int pos, out uint sequence)
        {
            sequence = 0;
            if (flash.Read(name, pos, header, 0, header.Length) != header.Length)
            {
                return 0;
            }

            sequence = Wire.PeekU32(header, Frame.HeaderSize);
            return (header[2] | (header[3] << 8)) + Frame.Overhead;
        }

        private int ReadFrame(string name, int pos, byte[] frame)
        {
            uint sequence;
            int length = Peek(name, pos, out sequence);
            if (length <= 0 || length > frame.Length || flash.Read(name, pos, frame, 0, length) != length)
            {
                return 0;
            }

            return length;
        }
    }
}
