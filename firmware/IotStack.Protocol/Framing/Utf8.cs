namespace IotStack.Protocol
{
    /// <summary>
    /// UTF-8 without System.Text, which nanoFramework's mscorlib lacks. Decoding is strict
    /// (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) so a hostile string field is
    /// reported rather than smuggled through.
    /// </summary>
    public static class Utf8
    {
        public static int ByteCount(string value)
        {
            if (value == null)
            {
                return 0;
            }

            int n = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < 0x80)
                {
                    n += 1;
                }
                else if (c < 0x800)
                {
                    n += 2;
                }
                else if (IsHighSurrogate(c) && i + 1 < value.Length && IsLowSurrogate(value[i + 1]))
                {
                    n += 4;
                    i++;
                }
                else
                {
                    n += 3;
                }
            }

            return n;
        }

        /// <summary>Encodes at most <paramref name="maxBytes"/> bytes, never splitting a character. Returns bytes written.</summary>
        public static int Encode(string value, byte[] target, int offset, int maxBytes)
        {
            if (value == null)
            {
                return 0;
            }

            int pos = offset;
            int limit = offset + maxBytes;
            for (int i = 0; i < value.Length; i++)
            {
                int cp = value[i];
                int consumed = 1;
                if (IsHighSurrogate((char)cp) && i + 1 < value.Length && IsLowSurrogate(value[i + 1]))
                {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (value[i + 1] - 0xDC00);
                    consumed = 2;
                }
                else if (cp >= 0xD800 && cp <= 0xDFFF)
                {
                    cp = 0xFFFD; // lone surrogate: not encodable
                }

                int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (pos + size > limit)
                {
                    break;
                }

                if (size == 1)
                {
                    target[pos++] = (byte)cp;
                }
                else if (size == 2)
                {
                    target[pos++] = (byte)(0xC0 | (cp >> 6));
                    target[pos++] = (byte)(0x80 | (cp & 0x3F));
                }
                else if (size == 3)
                {
                    target[pos++] = (byte)(0xE0 | (cp >> 12));
                    target[pos++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    target[pos++] = (byte)(0x80 | (cp & 0x3F));
                }
                else
                {
                    target[pos++] = (byte)(0xF0 | (cp >> 18));
                    target[pos++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    target[pos++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    target[pos++] = (byte)(0x80 | (cp & 0x3F));
                }

                i += consumed - 1;
            }

            return pos - offset;
        }

        /// <summary>Decodes strictly; returns null on any invalid sequence.</summary>
        public static string Decode(byte[] source, int offset, int count)
        {
            char[] chars = new char[count]; // UTF-16 never needs more units than UTF-8 bytes
            int n = 0;
            int i = offset;
            int end = offset + count;
            while (i < end)
            {
                int b0 = source[i];
                int cp;
                int size;
                int min;
                if (b0 < 0x80)
                {
                    chars[n++] = (char)b0;
                    i++;
                    continue;
                }
                else if ((b0 & 0xE0) == 0xC0)
                {
                    cp = b0 & 0x1F;
                    size = 2;
                    min = 0x80;
                }
                else if ((b0 & 0xF0) == 0xE0)
                {
                    cp = b0 & 0x0F;
                    size = 3;
                    min = 0x800;
                }
                else if ((b0 & 0xF8) == 0xF0)
                {
                    cp = b0 & 0x07;
                    size = 4;
                    min = 0x10000;
                }
                else
                {
                    return null;
                }

                if (end - i < size)
                {
                    return null;
                }

                for (int k = 1; k < size; k++)
                {
                    int b = source[i + k];
                    if ((b & 0xC0) != 0x80)
                    {
                        return null;
                    }

                    cp = (cp << 6) | (b & 0x3F);
                }

                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    return null;
                }

                if (cp >= 0x10000)
                {
                    cp -= 0x10000;
                    chars[n++] = (char)(0xD800 + (cp >> 10));
                    chars[n++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else
                {
                    chars[n++] = (char)cp;
                }

                i += size;
            }

            return new string(chars, 0, n);
        }

        private static bool IsHighSurrogate(char c)
        {
            return c >= 0xD800 && c <= 0xDBFF;
        }

        private static bool IsLowSurrogate(char c)
        {
            return c >= 0xDC00 && c <= 0xDFFF;
        }
    }
}
