namespace IotStack.Protocol
{
    /// <summary>
    /// A frame carried as 7-bit text: its bytes in base64 (RFC 4648 §4, standard alphabet, padded). For transports that
    /// can only send text where a frame belongs, e.g. nanoFramework.M2Mqtt, which takes the MQTT last will as a string and
    /// sends it UTF-8 encoded (a binary Offline status would be mangled). Only the status topic accepts it (docs/protocol.md,
    /// "Text form"). The two forms cannot be confused: a binary frame starts with its version byte (1), while base64 text
    /// starts with a letter, digit, '+' or '/'.
    /// </summary>
    public static class TextFrame
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        /// <summary>Characters of the text form of <paramref name="frameLength"/> bytes.</summary>
        public static int TextLength(int frameLength)
        {
            return ((frameLength + 2) / 3) * 4;
        }

        /// <summary>True when <paramref name="payload"/> is not a binary frame and may be the text form of one.</summary>
        public static bool IsText(byte[] payload, int offset, int length)
        {
            return length > 0 && payload[offset] != Frame.Version;
        }

        /// <summary>The text form of a frame (one string: the only allocation).</summary>
        public static string ToText(byte[] frame, int offset, int length)
        {
            char[] text = new char[TextLength(length)];
            int t = 0;
            int end = offset + length;
            for (int i = offset; i < end; i += 3)
            {
                int remaining = end - i;
                int b0 = frame[i];
                int b1 = remaining > 1 ? frame[i + 1] : 0;
                int b2 = remaining > 2 ? frame[i + 2] : 0;
                text[t++] = Alphabet[b0 >> 2];
                text[t++] = Alphabet[((b0 & 0x03) << 4) | (b1 >> 4)];
                text[t++] = remaining > 1 ? Alphabet[((b1 & 0x0F) << 2) | (b2 >> 6)] : '=';
                text[t++] = remaining > 2 ? Alphabet[b2 & 0x3F] : '=';
            }

            return new string(text);
        }

        /// <summary>
        /// Decodes the text form (its UTF-8/ASCII bytes) into <paramref name="frame"/>; <see cref="DecodeStatus.InvalidField"/>
        /// for anything that is not padded base64, <see cref="DecodeStatus.Oversize"/> when it would not fit. Never throws.
        /// </summary>
        public static DecodeStatus Decode(byte[] text, int offset, int length, byte[] frame, out int frameLength)
        {
            frameLength = 0;
            if (text == null || offset < 0 || length < 0 || offset > text.Length - length)
            {
                return DecodeStatus.Truncated;
            }

            if (length == 0 || length % 4 != 0)
            {
                return DecodeStatus.InvalidField;
            }

            int padding = text[offset + length - 1] == '=' ? (text[offset + length - 2] == '=' ? 2 : 1) : 0;
            int size = ((length / 4) * 3) - padding;
            if (size > frame.Length)
            {
                return DecodeStatus.Oversize;
            }

            int f = 0;
            for (int i = 0; i < length; i += 4)
            {
                bool last = i + 4 == length;
                int c0 = Value(text[offset + i]);
                int c1 = Value(text[offset + i + 1]);
                int c2 = last && padding == 2 ? 0 : Value(text[offset + i + 2]);
                int c3 = last && padding >= 1 ? 0 : Value(text[offset + i + 3]);
                if ((c0 | c1 | c2 | c3) < 0)
                {
                    return DecodeStatus.InvalidField;
                }

                int bits = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
                frame[f++] = (byte)(bits >> 16);
                if (f < size)
                {
                    frame[f++] = (byte)(bits >> 8);
                }

                if (f < size)
                {
                    frame[f++] = (byte)bits;
                }
            }

            frameLength = size;
            return DecodeStatus.Ok;
        }

        private static int Value(byte c)
        {
            if (c >= 'A' && c <= 'Z')
            {
                return c - 'A';
            }

            if (c >= 'a' && c <= 'z')
            {
                return c - 'a' + 26;
            }

            if (c >= '0' && c <= '9')
            {
                return c - '0' + 52;
            }

            if (c == '+')
            {
                return 62;
            }

            return c == '/' ? 63 : -1;
        }
    }
}
