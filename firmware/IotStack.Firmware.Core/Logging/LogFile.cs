using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Logging
{
    /// <summary>
    /// Log records persisted as LogRecord frames in two alternating files of at most half the bound
    /// each. When the current file is full, the other (older) one is deleted, its records counted as
    /// dropped, and writing continues there: the oldest half goes, never the newest records.
    /// The same happens early when the file system refuses an append.
    /// </summary>
    internal sealed class LogFile
    {
        public const string NameA = "log.0";
        public const string NameB = "log.1";

        private readonly IFlashStore flash;
        private readonly int halfBytes;
        private readonly byte[] header = new byte[Frame.HeaderSize + 4];
        private bool currentIsA = true;
        private int currentBytes;

        public LogFile(IFlashStore flash, int maxBytes)
        {
            this.flash = flash;
            halfBytes = maxBytes / 2;
        }

        /// <summary>Records removed to stay in the bound or refused by the file system.</summary>
        public uint Dropped { get; private set; }

        /// <summary>Picks the newer file (higher first sequence) as the one to continue.</summary>
        public void Open()
        {
            int lengthA = flash.Length(NameA);
            int lengthB = flash.Length(NameB);
            uint firstA;
            uint firstB;
            bool hasA = FirstSequence(NameA, out firstA);
            bool hasB = FirstSequence(NameB, out firstB);
            currentIsA = !hasB || (hasA && firstA > firstB);
            int length = currentIsA ? lengthA : lengthB;
            currentBytes = length < 0 ? 0 : length;
        }

        public string CurrentName
        {
            get { return currentIsA ? NameA : NameB; }
        }

        public string OtherName
        {
            get { return currentIsA ? NameB : NameA; }
        }

        public void Append(byte[] frame, int length)
        {
            if (length > halfBytes)
            {
                Dropped++;
                return;
            }

            if (currentBytes + length > halfBytes)
            {
                Rotate();
            }

            if (!flash.Append(CurrentName, frame, 0, length))
            {
                // Storage full: give up the older half and try once more.
                Rotate();
                if (!flash.Append(CurrentName, frame, 0, length))
                {
                    Dropped++;
                    return;
                }
            }

            currentBytes += length;
        }

        private void Rotate()
        {
            string other = OtherName;
            Dropped += (uint)CountFrames(other);
            flash.Delete(other);
            currentIsA = !currentIsA;
            currentBytes = 0;
        }

        private int CountFrames(string name)
        {
            int end = flash.Length(name);
            int pos = 0;
            int count = 0;
            while (end - pos >= Frame.Overhead && flash.Read(name, pos, header, 0, Frame.HeaderSize) == Frame.HeaderSize)
            {
                pos += (header[2] | (header[3] << 8)) + Frame.Overhead;
                count++;
            }

            return count;
        }

        private bool FirstSequence(string name, out uint sequence)
        {
            sequence = 0;
            if (flash.Read(name, 0, header, 0, header.Length) != header.Length)
            {
                return false;
            }

            sequence = Wire.PeekU32(header, Frame.HeaderSize);
            return true;
        }
    }
}
