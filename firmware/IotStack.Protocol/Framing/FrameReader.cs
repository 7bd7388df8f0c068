namespace IotStack.Protocol
{
    /// <summary>
    /// The start and end every message decoder shares: open the envelope (<see cref="Frame.Open(byte[], int, int, MessageType, out int, out int)"/>:
    /// version, length, CRC, type), refuse a payload shorter than the message's fixed fields, read the fields in order,
    /// and refuse bytes left over. A struct held in the decoder's local, so decoding allocates nothing; field reads
    /// assume the caller checked the bytes exist (<see cref="Wire"/>'s rule), strings and byte runs check for themselves.
    /// </summary>
    internal struct FrameReader
    {
        private byte[] _buffer;
        private int _position;
        private int _end;
        private DecodeStatus _failed;

        /// <summary>
        /// Opens a frame that must carry <paramref name="type"/> and at least <paramref name="minPayload"/> payload bytes
        /// (<see cref="DecodeStatus.Truncated"/> otherwise).
        /// </summary>
        public static DecodeStatus Open(byte[] buffer, int offset, int length, MessageType type, int minPayload, out FrameReader reader)
        {
            reader = new FrameReader();
            int payloadOffset;
            int payloadLength;
            DecodeStatus status = Frame.Open(buffer, offset, length, type, out payloadOffset, out payloadLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            reader._buffer = buffer;
            reader._position = payloadOffset;
            reader._end = payloadOffset + payloadLength;
            return payloadLength < minPayload ? DecodeStatus.Truncated : DecodeStatus.Ok;
        }

        /// <summary>Opens a frame of a message whose payload has exactly <paramref name="payloadSize"/> bytes.</summary>
        public static DecodeStatus OpenFixed(byte[] buffer, int offset, int length, MessageType type, int payloadSize, out FrameReader reader)
        {
            DecodeStatus status = Open(buffer, offset, length, type, 0, out reader);
            return status != DecodeStatus.Ok ? status : reader.Expect(payloadSize);
        }

        /// <summary>Payload bytes not read yet.</summary>
        public int Remaining
        {
            get { return _end - _position; }
        }

        /// <summary>Ok when exactly <paramref name="count"/> bytes are left: fewer is a truncated frame, more is trailing bytes.</summary>
        public DecodeStatus Expect(int count)
        {
            int left = _end - _position;
            if (left < count)
            {
                return DecodeStatus.Truncated;
            }

            return left > count ? DecodeStatus.TrailingBytes : DecodeStatus.Ok;
        }

        /// <summary>
        /// Ok when every payload byte was read; otherwise the first failure of <see cref="ReadString(int, int)"/>, or
        /// trailing bytes.
        /// </summary>
        public DecodeStatus Finish()
        {
            if (_failed != DecodeStatus.Ok)
            {
                return _failed;
            }

            return _position == _end ? DecodeStatus.Ok : DecodeStatus.TrailingBytes;
        }

        public byte ReadU8()
        {
            return Wire.ReadU8(_buffer, ref _position);
        }

        public int ReadU16()
        {
            return Wire.ReadU16(_buffer, ref _position);
        }

        public uint ReadU32()
        {
            return Wire.ReadU32(_buffer, ref _position);
        }

        public int ReadI32()
        {
            return Wire.ReadI32(_buffer, ref _position);
        }

        public long ReadI64()
        {
            return Wire.ReadI64(_buffer, ref _position);
        }

        public float ReadF32()
        {
            return Wire.ReadF32(_buffer, ref _position);
        }

        public DecodeStatus ReadString(int prefixBytes, int maxBytes, out string value)
        {
            return Wire.ReadString(_buffer, ref _position, _end, prefixBytes, maxBytes, out value);
        }

        /// <summary>
        /// Reads a string field for a decoder that reads several in a row and checks once, at <see cref="Finish"/>: after
        /// a failed read this and the following ones read nothing and return null, and <see cref="Finish"/> reports the
        /// first failure.
        /// </summary>
        public string ReadString(int prefixBytes, int maxBytes)
        {
            string value = null;
            if (_failed == DecodeStatus.Ok)
            {
                _failed = Wire.ReadString(_buffer, ref _position, _end, prefixBytes, maxBytes, out value);
            }

            return value;
        }

        public DecodeStatus ReadBytes(byte[] target, int maxBytes, out int count)
        {
            return Wire.ReadBytes(_buffer, ref _position, _end, target, maxBytes, out count);
        }
    }
}
