using System;

namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Chunk requests in flight for one file: up to <see cref="Capacity"/> contiguous ranges from the last byte written
    /// (the head) on. The gateway answers through several workers, so a chunk may arrive before the one at the head: it
    /// waits in one of Capacity - 1 preallocated buffers until the gap is filled, and the slot is always written in
    /// order. RAM: (Capacity - 1) × chunk size, taken once. Fixed arrays and a linear scan: Capacity is small (1-8).
    /// </summary>
    internal sealed class RequestWindow
    {
        private const byte Free = 0;
        private const byte Requested = 1;
        private const byte Buffered = 2;

        private readonly int[] _offsets;
        private readonly int[] _lengths;
        private readonly long[] _sentAt;
        private readonly byte[] _states;
        private readonly int[] _bufferOf;
        private readonly byte[][] _buffers;
        private readonly bool[] _bufferUsed;

        public RequestWindow(int capacity, int chunkSize)
        {
            Capacity = capacity < 1 ? 1 : capacity;
            Limit = Capacity;
            _offsets = new int[Capacity];
            _lengths = new int[Capacity];
            _sentAt = new long[Capacity];
            _states = new byte[Capacity];
            _bufferOf = new int[Capacity];
            _buffers = new byte[Capacity - 1][];
            _bufferUsed = new bool[Capacity - 1];
            for (int i = 0; i < _buffers.Length; i++)
            {
                _buffers[i] = new byte[chunkSize];
            }
        }

        public int Capacity { get; private set; }

        /// <summary>
        /// Requests allowed in flight now: back to one when the head goes unanswered (the gateway or the link is
        /// congested, more requests would only queue there), one more per chunk written, up to Capacity.
        /// </summary>
        public int Limit { get; private set; }

        public void Backoff()
        {
            Limit = 1;
        }

        public void Grow()
        {
            if (Limit < Capacity)
            {
                Limit++;
            }
        }

        /// <summary>First byte not yet requested: the window covers [head, NextOffset).</summary>
        public int NextOffset { get; private set; }

        /// <summary>Forgets every request and buffered chunk; the next request starts at <paramref name="head"/> (a resume).</summary>
        public void Reset(int head)
        {
            for (int i = 0; i < Capacity; i++)
            {
                _states[i] = Free;
            }

            for (int i = 0; i < _bufferUsed.Length; i++)
            {
                _bufferUsed[i] = false;
            }

            NextOffset = head;
        }

        /// <summary>True when a request can be added (a free slot within the limit).</summary>
        public bool HasRoom
        {
            get
            {
                int used = 0;
                for (int i = 0; i < Capacity; i++)
                {
                    if (_states[i] != Free)
                    {
                        used++;
                    }
                }

                return used < Limit;
            }
        }

        /// <summary>Records a request for [NextOffset, NextOffset + length) sent at <paramref name="now"/>.</summary>
        public void Add(int length, long now)
        {
            int slot = FindState(Free);
            _offsets[slot] = NextOffset;
            _lengths[slot] = length;
            _sentAt[slot] = now;
            _states[slot] = Requested;
            NextOffset += length;
        }

        /// <summary>Slot of the outstanding request at <paramref name="offset"/> asking for at least <paramref name="length"/> bytes, or -1 (stale, duplicate, foreign).</summary>
        public int Find(int offset, int length)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (_states[i] == Requested && _offsets[i] == offset && length <= _lengths[i])
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Keeps an answer that arrived ahead of the head; false when no buffer is free (then it is dropped and asked again).</summary>
        public bool Hold(int slot, byte[] data, int length)
        {
            if (_buffers.Length == 0 || length > _buffers[0].Length)
            {
                return false;
            }

            for (int b = 0; b < _bufferUsed.Length; b++)
            {
                if (!_bufferUsed[b])
                {
                    _bufferUsed[b] = true;
                    _bufferOf[slot] = b;
                    Array.Copy(data, 0, _buffers[b], 0, length);
                    _states[slot] = Buffered;
                    return true;
                }
            }

            return false;
        }

        /// <summary>Slot of a buffered answer that starts at <paramref name="head"/>, or -1.</summary>
        public int BufferedAt(int head)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (_states[i] == Buffered && _offsets[i] == head)
                {
                    return i;
                }
            }

            return -1;
        }

        public byte[] DataOf(int slot)
        {
            return _buffers[_bufferOf[slot]];
        }

        public int LengthOf(int slot)
        {
            return _lengths[slot];
        }

        /// <summary>
        /// A request unanswered for <paramref name="timeoutMs"/>, or -1. The one at <paramref name="head"/> is preferred:
        /// only its silence counts towards giving up, the others are simply asked again.
        /// </summary>
        public int Overdue(long now, int timeoutMs, int head)
        {
            int found = -1;
            for (int i = 0; i < Capacity; i++)
            {
                if (_states[i] == Requested && now - _sentAt[i] >= timeoutMs)
                {
                    if (_offsets[i] == head)
                    {
                        return i;
                    }

                    found = i;
                }
            }

            return found;
        }

        public int OffsetOf(int slot)
        {
            return _offsets[slot];
        }

        /// <summary>The request in <paramref name="slot"/> was sent again.</summary>
        public void Resent(int slot, long now)
        {
            _sentAt[slot] = now;
        }

        /// <summary>The slot's chunk was written to flash: the slot (and its buffer) is free again.</summary>
        public void Release(int slot)
        {
            if (_states[slot] == Buffered)
            {
                _bufferUsed[_bufferOf[slot]] = false;
            }

            _states[slot] = Free;
        }

        private int FindState(byte state)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (_states[i] == state)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
