using System;

namespace IotStack.Protocol
{
    /// <summary>
    /// The envelope every message travels in (docs/protocol.md):
    /// <c>[version u8][type u8][payload length u16 LE][payload][CRC-32 LE of everything before it]</c>.
    /// The CRC catches damage that MQTT's TCP checksum lets through (bad flash, a buggy bridge) and
    /// makes a stray payload on a topic fail fast instead of decoding as garbage.
    /// </summary>
    public static class Frame
    {
        public const byte Version = 1;
        public const int HeaderSize = 4;
        public const int TrailerSize = 4;
        public const int Overhead = HeaderSize + TrailerSize;

        /// <summary>Hard cap on a payload: a decoder never trusts a length beyond it.</summary>
        public const int MaxPayload = 8192;
        public const int MaxFrameSize = MaxPayload + Overhead;

        /// <summary>Checks the envelope of <paramref name="length"/> bytes and locates the payload.</summary>
        public static DecodeStatus Open(byte[] buffer, int offset, int length, out MessageType type, out int payloadOffset, out int payloadLength)
        {
            type = 0;
            payloadOffset = offset + HeaderSize;
            payloadLength = 0;
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                return DecodeStatus.Truncated;
            }

            if (length > MaxFrameSize)
            {
                return DecodeStatus.Oversize;
            }

            if (length < Overhead)
            {
                return DecodeStatus.Truncated;
            }

            if (buffer[offset] != Version)
            {
                return DecodeStatus.WrongVersion;
            }

            int announced = buffer[offset + 2] | (buffer[offset + 3] << 8);
            if (announced > MaxPayload)
            {
                return DecodeStatus.Oversize;
            }

            if (length < announced + Overhead)
            {
                return DecodeStatus.Truncated;
            }

            if (length > announced + Overhead)
            {
                return DecodeStatus.TrailingBytes;
            }

            int crcAt = offset + HeaderSize + announced;
            uint expected = Wire.PeekU32(buffer, crcAt);
            if (Crc32.Compute(buffer, offset, HeaderSize + announced) != expected)
            {
                return DecodeStatus.BadChecksum;
            }

            byte typeByte = buffer[offset + 1];
            if (typeByte < (byte)MessageType.Telemetry || typeByte > (byte)MessageType.ClaimReply)
            {
                return DecodeStatus.UnknownType;
            }

            type = (MessageType)typeByte;
            payloadLength = announced;
            return DecodeStatus.Ok;
        }

        /// <summary>Opens a frame and checks that it carries <paramref name="expected"/>.</summary>
        public static DecodeStatus Open(byte[] buffer, int offset, int length, MessageType expected, out int payloadOffset, out int payloadLength)
        {
            MessageType type;
            DecodeStatus status = Open(buffer, offset, length, out type, out payloadOffset, out payloadLength);
            if (status == DecodeStatus.Ok && type != expected)
            {
                return DecodeStatus.WrongType;
            }

            return status;
        }

        /// <summary>
        /// Writes header and trailer around a payload already written at <c>offset + HeaderSize</c>.
        /// Returns the frame's total length.
        /// </summary>
        public static int Seal(byte[] buffer, int offset, MessageType type, int payloadLength)
        {
            if (payloadLength < 0 || payloadLength > MaxPayload)
            {
                throw new ArgumentOutOfRangeException("payloadLength");
            }

            buffer[offset] = Version;
            buffer[offset + 1] = (byte)type;
            buffer[offset + 2] = (byte)payloadLength;
            buffer[offset + 3] = (byte)(payloadLength >> 8);
            int crcAt = offset + HeaderSize + payloadLength;
            int pos = crcAt;
            Wire.WriteU32(buffer, ref pos, Crc32.Compute(buffer, offset, HeaderSize + payloadLength));
            return payloadLength + Overhead;
        }

        /// <summary>Throws when a caller hands an encoder a buffer too small for the frame: a bug, not input.</summary>
        internal static void RequireSpace(byte[] buffer, int offset, int frameLength)
        {
            if (buffer == null || offset < 0 || buffer.Length - offset < frameLength)
            {
                throw new ArgumentException("Buffer too small for a " + frameLength + "-byte frame.");
            }
        }
    }
}
