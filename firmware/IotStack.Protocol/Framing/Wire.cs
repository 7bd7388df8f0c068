using System;

namespace IotStack.Protocol
{
    /// <summary>
    /// Little-endian field access for payloads. Readers assume the caller already checked that the
    /// bytes exist (decoders test <c>end - pos</c> once per fixed-size block); the string and
    /// byte-array readers check for themselves because their length comes from the frame.
    /// </summary>
    public static class Wire
    {
        public static void WriteU8(byte[] b, ref int pos, int value)
        {
            b[pos++] = (byte)value;
        }

        public static void WriteU16(byte[] b, ref int pos, int value)
        {
            b[pos++] = (byte)value;
            b[pos++] = (byte)(value >> 8);
        }

        public static void WriteU32(byte[] b, ref int pos, uint value)
        {
            b[pos++] = (byte)value;
            b[pos++] = (byte)(value >> 8);
            b[pos++] = (byte)(value >> 16);
            b[pos++] = (byte)(value >> 24);
        }

        public static void WriteI32(byte[] b, ref int pos, int value)
        {
            WriteU32(b, ref pos, (uint)value);
        }

        public static void WriteI64(byte[] b, ref int pos, long value)
        {
            WriteU32(b, ref pos, (uint)value);
            WriteU32(b, ref pos, (uint)(value >> 32));
        }

        public static void WriteF32(byte[] b, ref int pos, float value)
        {
            WriteU32(b, ref pos, FloatBits.ToBits(value));
        }

        public static byte ReadU8(byte[] b, ref int pos)
        {
            return b[pos++];
        }

        public static int ReadU16(byte[] b, ref int pos)
        {
            int v = b[pos] | (b[pos + 1] << 8);
            pos += 2;
            return v;
        }

        public static uint ReadU32(byte[] b, ref int pos)
        {
            uint v = PeekU32(b, pos);
            pos += 4;
            return v;
        }

        public static uint PeekU32(byte[] b, int pos)
        {
            return (uint)(b[pos] | (b[pos + 1] << 8) | (b[pos + 2] << 16) | (b[pos + 3] << 24));
        }

        public static int ReadI32(byte[] b, ref int pos)
        {
            return (int)ReadU32(b, ref pos);
        }

        public static long ReadI64(byte[] b, ref int pos)
        {
            uint low = ReadU32(b, ref pos);
            uint high = ReadU32(b, ref pos);
            return (long)(((ulong)high << 32) | low);
        }

        public static float ReadF32(byte[] b, ref int pos)
        {
            return FloatBits.FromBits(ReadU32(b, ref pos));
        }

        /// <summary>
        /// Writes a UTF-8 string behind a length prefix of <paramref name="prefixBytes"/> (1 or 2).
        /// Longer strings are cut at a character boundary to <paramref name="maxBytes"/>: a log line
        /// shortened is better than a frame refused.
        /// </summary>
        public static void WriteString(byte[] b, ref int pos, string value, int prefixBytes, int maxBytes)
        {
            int lengthAt = pos;
            pos += prefixBytes;
            int written = Utf8.Encode(value, b, pos, maxBytes);
            pos += written;
            if (prefixBytes == 1)
            {
                b[lengthAt] = (byte)written;
            }
            else
            {
                b[lengthAt] = (byte)written;
                b[lengthAt + 1] = (byte)(written >> 8);
            }
        }

        /// <summary>Reads a string written by <see cref="WriteString"/>, refusing lengths over <paramref name="maxBytes"/>.</summary>
        public static DecodeStatus ReadString(byte[] b, ref int pos, int end, int prefixBytes, int maxBytes, out string value)
        {
            value = null;
            if (end - pos < prefixBytes)
            {
                return DecodeStatus.Truncated;
            }

            int length = prefixBytes == 1 ? ReadU8(b, ref pos) : ReadU16(b, ref pos);
            if (length > maxBytes)
            {
                return DecodeStatus.Oversize;
            }

            if (end - pos < length)
            {
                return DecodeStatus.Truncated;
            }

            value = Utf8.Decode(b, pos, length);
            if (value == null)
            {
                return DecodeStatus.InvalidField;
            }

            pos += length;
            return DecodeStatus.Ok;
        }

        /// <summary>Byte count a string takes on the wire, prefix included, after the cut to <paramref name="maxBytes"/>.</summary>
        public static int StringSize(string value, int prefixBytes, int maxBytes)
        {
            int n = Utf8.ByteCount(value);
            return prefixBytes + (n > maxBytes ? maxBytes : n);
        }

        /// <summary>Writes bytes behind a u16 length prefix.</summary>
        public static void WriteBytes(byte[] b, ref int pos, byte[] source, int offset, int count)
        {
            WriteU16(b, ref pos, count);
            if (count > 0)
            {
                Array.Copy(source, offset, b, pos, count);
            }

            pos += count;
        }

        /// <summary>
        /// Reads a u16-prefixed byte run into <paramref name="target"/> (caller-owned, reused), refusing
        /// lengths over <paramref name="maxBytes"/> or the target's size.
        /// </summary>
        public static DecodeStatus ReadBytes(byte[] b, ref int pos, int end, byte[] target, int maxBytes, out int count)
        {
            count = 0;
            if (end - pos < 2)
            {
                return DecodeStatus.Truncated;
            }

            int length = ReadU16(b, ref pos);
            if (length > maxBytes || length > target.Length)
            {
                return DecodeStatus.Oversize;
            }

            if (end - pos < length)
            {
                return DecodeStatus.Truncated;
            }

            Array.Copy(b, pos, target, 0, length);
            pos += length;
            count = length;
            return DecodeStatus.Ok;
        }
    }
}
