using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Storage
{
    /// <summary>
    /// Store and forward: a bounded FIFO of protocol frames in flash. Frames are appended to segment
    /// files (append only, the kindest write pattern for flash); a segment is deleted once read.
    /// When every segment is full, the oldest segment is dropped (its frames counted in
    /// <see cref="Dropped"/>): recent data matters more to a fleet's health than old data.
    /// A frame is self-delimiting (its header carries its length) and CRC-checked, so a record torn
    /// by a power cut is recognised and skipped.
    /// The head (segment id, offset) and the drop count live in a small meta file written with
    /// <see cref="IFlashStore.Replace"/> by <see cref="Commit"/>, so a reboot resumes where sending
    /// stopped; frames sent after the last commit are sent again (the gateway drops duplicates by sequence).
    /// Meta: <c>[version u8][head segment u32][head offset u32][tail segment u32][dropped u32][CRC-32 u32]</c>.
    /// </summary>
    internal sealed class FlashQueue
    {
        private const byte MetaVersion = 1;
        private const int MetaSize = 1 + 4 + 4 + 4 + 4 + 4;

        private readonly IFlashStore flash;
        private readonly string metaName;
        private readonly QueueSegments segments;
        private readonly int segmentBytes;
        private readonly byte[] meta = new byte[MetaSize];

        private uint headSegment;
        private int headOffset;
        private uint tailSegment;
        private int tailBytes;
        private int peekedLength;
        private bool dirty;

        /// <param name="prefix">File name prefix, e.g. "sf"; segments are prefix + "0".., meta is prefix + ".m".</param>
        /// <param name="segmentBytes">Segment size; a frame larger than this is refused.</param>
        /// <param name="segmentCount">At least 2; the bound is about segmentBytes × segmentCount bytes.</param>
        public FlashQueue(IFlashStore flash, string prefix, int segmentBytes, int segmentCount)
        {
            if (segmentCount < 2 || segmentBytes < Frame.Overhead)
            {
                throw new System.ArgumentException("A queue needs at least two segments that fit a frame.");
            }

            this.flash = flash;
            this.segmentBytes = segmentBytes;
            metaName = prefix + ".m";
            segments = new QueueSegments(flash, prefix, segmentBytes, segmentCount);
        }

        /// <summary>Frames waiting.</summary>
        public int Depth { get; private set; }

        /// <summary>Frames lost to the bound, to a full file system or to damage.</summary>
        public uint Dropped { get; private set; }

        public bool IsEmpty
        {
            get { return Depth == 0; }
        }

        /// <summary>Restores the queue after a boot. A missing or damaged meta file starts empty.</summary>
        public void Open()
        {
            Depth = 0;
            peekedLength = 0;
            if (!ReadMeta())
            {
                segments.DeleteAll();

                headSegment = 0;
                headOffset = 0;
                tailSegment = 0;
                Dropped = 0;
                tailBytes = 0;
                dirty = true;
                Commit();
                return;
            }

            // Count what is waiting.
            for (uint s = headSegment; s != tailSegment + 1; s++)
            {
                int valid;
                Depth += segments.CountFrames(s, s == headSegment ? headOffset : 0, out valid);
                if (s == tailSegment)
                {
                    tailBytes = valid;
                }
            }

            // A torn record at the end of the tail segment (power cut during an append) is cut off
            // by starting a fresh segment after it, so later appends stay reachable.
            if (segments.Length(tailSegment) > tailBytes)
            {
                if (tailSegment - headSegment + 1 >= (uint)segments.Count)
                {
                    DropHeadSegment();
                }

                StartNewSegment();
            }
        }

        /// <summary>Appends a frame. False (and counted) when it cannot be stored.</summary>
        public bool Enqueue(byte[] frame, int offset, int length)
        {
            if (length > segmentBytes)
            {
                Dropped++;
                return false;
            }

            if (tailBytes + length > segmentBytes)
            {
                if (tailSegment - headSegment + 1 >= (uint)segments.Count)
                {
                    DropHeadSegment();
                }

                StartNewSegment();
            }

            if (!segments.Append(tailSegment, frame, offset, length))
            {
                Dropped++;
                return false;
            }

            tailBytes += length;
            Depth++;
            return true;
        }

        /// <summary>
        /// Copies the oldest frame into <paramref name="buffer"/> without removing it; returns its
        /// length, or 0 when the queue is empty. Damaged records are skipped and counted.
        /// </summary>
        public int Peek(byte[] buffer)
        {
            while (Depth > 0)
            {
                int end = headSegment == tailSegment ? tailBytes : segments.Length(headSegment);
                if (headOffset >= end)
                {
                    if (headSegment == tailSegment)
                    {
                        Depth = 0; // bookkeeping disagrees with the files: trust the files
                        return 0;
                    }

                    AdvanceHeadSegment();
                    continue;
                }

                int length = segments.ReadFrame(headSegment, headOffset, end, buffer);
                if (length > 0)
                {
                    peekedLength = length;
                    return length;
                }

                // Damage inside a segment: the rest of it cannot be delimited, so it is given up and
                // the count rebuilt from what is still readable.
                int before = Depth;
                if (headSegment == tailSegment)
                {
                    headOffset = tailBytes;
                    Depth = 0;
                }
                else
                {
                    AdvanceHeadSegment();
                    Depth = Recount();
                }

                Dropped += (uint)(before > Depth ? before - Depth : 1);
                dirty = true;
            }

            return 0;
        }

        /// <summary>Removes the frame returned by the last <see cref="Peek"/> (after the broker acknowledged it).</summary>
        public void Pop()
        {
            System.Diagnostics.Debug.Assert(peekedLength > 0, "Pop without Peek");
            headOffset += peekedLength;
            peekedLength = 0;
            Depth--;
            dirty = true;
            if (Depth == 0)
            {
                // Empty: reclaim the space and start the next segment at offset 0.
                for (uint s = headSegment; s != tailSegment + 1; s++)
                {
                    segments.Delete(s);
                }

                headSegment = tailSegment + 1;
                tailSegment = headSegment;
                headOffset = 0;
                tailBytes = 0;
                segments.Delete(tailSegment);
            }
        }

        /// <summary>Persists the head; called after a drain pass rather than per frame to spare the flash.</summary>
        public void Commit()
        {
            if (!dirty)
            {
                return;
            }

            int pos = 0;
            Wire.WriteU8(meta, ref pos, MetaVersion);
            Wire.WriteU32(meta, ref pos, headSegment);
            Wire.WriteU32(meta, ref pos, (uint)headOffset);
            Wire.WriteU32(meta, ref pos, tailSegment);
            Wire.WriteU32(meta, ref pos, Dropped);
            Wire.WriteU32(meta, ref pos, Crc32.Compute(meta, 0, MetaSize - 4));
            dirty = !flash.Replace(metaName, meta, 0, MetaSize);
        }

        private bool ReadMeta()
        {
            if (flash.Read(metaName, 0, meta, 0, MetaSize) != MetaSize || meta[0] != MetaVersion
                || Wire.PeekU32(meta, MetaSize - 4) != Crc32.Compute(meta, 0, MetaSize - 4))
            {
                return false;
            }

            int pos = 1;
            headSegment = Wire.ReadU32(meta, ref pos);
            headOffset = (int)Wire.ReadU32(meta, ref pos);
            tailSegment = Wire.ReadU32(meta, ref pos);
            Dropped = Wire.ReadU32(meta, ref pos);
            return tailSegment - headSegment < (uint)segments.Count && headOffset >= 0 && headOffset <= segmentBytes;
        }

        private void StartNewSegment()
        {
            tailSegment++;
            tailBytes = 0;
            segments.Delete(tailSegment); // a stale file of the same slot from long ago
            dirty = true;
            Commit(); // the tail must be known after a reboot, or appends to it would be lost
        }

        private void DropHeadSegment()
        {
            int valid;
            int frames = segments.CountFrames(headSegment, headOffset, out valid);
            Depth -= frames;
            Dropped += (uint)frames;
            AdvanceHeadSegment();
        }

        private void AdvanceHeadSegment()
        {
            segments.Delete(headSegment);
            headSegment++;
            headOffset = 0;
            dirty = true;
        }

        private int Recount()
        {
            int total = 0;
            for (uint s = headSegment; s != tailSegment + 1; s++)
            {
                int valid;
                total += segments.CountFrames(s, s == headSegment ? headOffset : 0, out valid);
            }

            return total;
        }
    }
}
