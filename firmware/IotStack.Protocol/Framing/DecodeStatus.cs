namespace IotStack.Protocol
{
    /// <summary>
    /// Outcome of decoding a frame. Hostile or damaged input is an expected case, so it is a value,
    /// never an exception. Numbers are part of the wire contract (they are logged and stored with
    /// quarantined payloads): append, never renumber.
    /// </summary>
    public enum DecodeStatus
    {
        Ok = 0,
        /// <summary>The frame ends before a field or the announced payload does.</summary>
        Truncated = 1,
        /// <summary>The announced payload is larger than <see cref="Frame.MaxPayload"/>, or a count exceeds its cap.</summary>
        Oversize = 2,
        /// <summary>The frame's version byte is not one this build understands.</summary>
        WrongVersion = 3,
        /// <summary>The CRC-32 trailer does not match the header and payload.</summary>
        BadChecksum = 4,
        /// <summary>The type byte names no known message.</summary>
        UnknownType = 5,
        /// <summary>A valid frame of another message type than the one asked for.</summary>
        WrongType = 6,
        /// <summary>A field holds an impossible value (enum out of range, invalid UTF-8, zero count).</summary>
        InvalidField = 7,
        /// <summary>Bytes follow the trailer, or the payload holds more than its fields.</summary>
        TrailingBytes = 8,
    }
}
