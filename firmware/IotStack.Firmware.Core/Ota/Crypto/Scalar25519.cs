namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Scalars modulo the group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1),
    /// as 32 little-endian bytes. Reduction is plain shift-and-subtract, one bit at a time: it runs once
    /// per signature check, so obviously-correct beats fast.
    /// </summary>
    internal static class Scalar25519
    {
        private static readonly byte[] L =
        {
            0xED, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9, 0xDE, 0x14,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
        };

        /// <summary>True when the 32-byte value is below L.</summary>
        public static bool IsCanonical(byte[] s)
        {
            return !AtLeastL(s);
        }

        /// <summary>Reduces a little-endian number of any length (64 bytes for a SHA-512 digest) mod L.</summary>
        public static byte[] Reduce(byte[] value)
        {
            byte[] r = new byte[32];
            for (int bit = (value.Length * 8) - 1; bit >= 0; bit--)
            {
                // r = 2 r + bit; r < L < 2^253 before, so the result still fits in 32 bytes.
                int carry = (value[bit >> 3] >> (bit & 7)) & 1;
                for (int i = 0; i < 32; i++)
                {
                    int v = (r[i] << 1) | carry;
                    r[i] = (byte)v;
                    carry = v >> 8;
                }

                if (AtLeastL(r))
                {
                    SubtractL(r);
                }
            }

            return r;
        }

        private static bool AtLeastL(byte[] r)
        {
            for (int i = 31; i >= 0; i--)
            {
                if (r[i] != L[i])
                {
                    return r[i] > L[i];
                }
            }

            return true;
        }

        private static void SubtractL(byte[] r)
        {
            int borrow = 0;
            for (int i = 0; i < 32; i++)
            {
                int v = r[i] - L[i] - borrow;
                borrow = v < 0 ? 1 : 0;
                r[i] = (byte)(v + (borrow << 8));
            }
        }
    }
}
