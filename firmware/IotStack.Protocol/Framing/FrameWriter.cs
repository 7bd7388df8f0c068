namespace IotStack.Protocol
{
    /// <summary>
    /// The start and end every message encoder shares: check the caller's buffer holds the whole frame (a bug if not),
    /// write the payload fields after the header, then seal the envelope (<see cref="Frame.Seal"/>). The mirror of
    /// <see cref="FrameReader"/>; a struct in the encoder's local, so encoding allocates nothing.
    /// </summary>
    internal struct FrameWriter
    {
        private byte[] _buffer;
        private int _offset;
        private int _position;

        /// <summary>Starts a frame of <paramref name="frameLength"/> bytes at <paramref name="offset"/>.</summary>
        public static FrameWriter Begin(byte[] buffer, int offset, int frameLength)
        {
            Frame.RequireSpace(buffer, offset, frameLength);
            FrameWriter writer = new FrameWriter();
            writer._buffer = buffer;
            writer._offset = offset;
            writer._position = offset + Frame.HeaderSize;
            return writer;
        }

        /// <summary>Writes header and CRC around the fields written so far; returns the frame's length.</summary>
        public int Seal(MessageType type)
        {
            return Frame.Seal(_buffer, _offset, type, _position - _offset - Frame.HeaderSize);
        }

        public void WriteU8(int value)
        {
            Wire.WriteU8(_buffer, ref _position, value);
        }

        public void WriteU16(int value)
        {
            Wire.WriteU16(_buffer, ref _position, value);
        }

        public void WriteU32(uint value)
        {
            Wire.WriteU32(_buffer, ref _position, value);
        }

        public void WriteI32(int value)
        {
            Wire.WriteI32(_buffer, ref _position, value);
        }

        public void WriteI64(long value)
        {
            Wire.WriteI64(_buffer, ref _position, value);
        }

        public void WriteF32(float value)
        {
            Wire.WriteF32(_buffer, ref _position, value);
        }

        public void WriteString(string value, int prefixBytes, int maxBytes)
        {
            Wire.WriteString(_buffer, ref _position, value, prefixBytes, maxBytes);
        }

        public void WriteBytes(byte[] source, int offset, int count)
        {
            Wire.WriteBytes(_buffer, ref _position, source, offset, count);
        }
    }
}
