using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Storage
{
    /// <summary>
    /// The segment files of a <see cref="FlashQueue"/> and the reading of frames from them. Segments are
    /// numbered by an ever-rising id; the file is the id modulo the segment count, so names are built
    /// once and the live segments (at most Count consecutive ids) never share a file.
    /// </summary>
    internal sealed class QueueSegments
    {
        private readonly IFlashStore flash;
        private readonly string[] names;
        private readonly byte[] header = new byte[Frame.HeaderSize];
        private readonly byte[] scratch;

        public QueueSegments(IFlashStore flash, string prefix, int segmentBytes, int count)
        {
            this.flash = flash;
            names = new string[count];
            for (int i = 0; i < count; i++)
            {
                names[i] = prefix + i.ToString();
            }

            scratch = new byte[segmentBytes < Frame.MaxFrameSize ? segmentBytes : Frame.MaxFrameSize];
        }

        public int Count
        {
            get { return names.Length; }
        }

        /// <summary>File length of a segment, -1 when it does not exist.</summary>
        public int Length(uint segment)
        {
            return flash.Length(NameOf(segment));
        }

        public bool Append(uint segment, byte[] frame, int offset, int length)
        {
            return flash.Append(NameOf(segment), frame, offset, length);
        }

        public void Delete(uint segment)
        {
            flash.Delete(NameOf(segment));
        }

        public void DeleteAll()
        {
            for (int i = 0; i < names.Length; i++)
            {
                flash.Delete(names[i]);
            }
        }

        /// <summary>Counts whole, valid frames from <paramref name="start"/>; <paramref name="validEnd"/> is where they stop.</summary>
        public int CountFrames(uint segment, int start, out int validEnd)
        {
            int end = Length(segment);
            int count = 0;
            int pos = start;
            while (end > 0 && pos < end)
            {
                int length = ReadFrame(segment, pos, end, scratch);
                if (length == 0)
                {
                    break;
                }

                count++;
                pos += length;
            }

            validEnd = pos;
            return count;
        }

        /// <summary>Reads and checks the frame at <paramref name="position"/>; 0 when it is torn or damaged.</summary>
        public int ReadFrame(uint segment, int position, int end, byte[] buffer)
        {
            string name = NameOf(segment);
            if (end - position < Frame.Overhead || flash.Read(name, position, header, 0, Frame.HeaderSize) != Frame.HeaderSize)
            {
                return 0;
            }

            int length = (header[2] | (header[3] << 8)) + Frame.Overhead;
            if (length > end - position || length > buffer.Length)
            {
                return 0;
            }

            if (flash.Read(name, position, buffer, 0, length) != length)
            {
                return 0;
            }

            MessageType type;
            int payloadOffset;
            int payloadLength;
            return Frame.Open(buffer, 0, length, out type, out payloadOffset, out payloadLength) == DecodeStatus.Ok ? length : 0;
        }

        private string NameOf(uint segment)
        {
            return names[(int)(segment % (uint)names.Length)];
        }
    }
}
