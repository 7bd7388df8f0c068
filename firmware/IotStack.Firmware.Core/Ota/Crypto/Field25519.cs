namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Arithmetic modulo p = 2^255 - 19 (RFC 8032 §5.1) on 16 limbs of 16 bits held in <c>long</c>s, so
    /// products and their sums never overflow and no 128-bit type is needed. Limbs may go negative or
    /// above 16 bits between operations; <see cref="Carry"/> brings them back, and only
    /// <see cref="Pack"/> produces the unique (canonical) value in [0, p).
    /// One instance owns its scratch buffers: not thread-safe, allocation-free once built.
    /// </summary>
    internal sealed class Field25519
    {
        public const int Limbs = 16;

        // Exponents, little-endian bytes. p - 2 for inversion (Fermat), (p - 5) / 8 for the square
        // root in point decoding (RFC 8032 §5.1.3), (p - 1) / 4 for sqrt(-1) = 2^((p-1)/4).
        private static readonly byte[] PMinus2 = Exponent(0xEB, 0x7F);
        private static readonly byte[] PMinus5Over8 = Exponent(0xFD, 0x0F);
        private static readonly byte[] PMinus1Over4 = Exponent(0xFB, 0x1F);

        private readonly long[] _product = new long[(2 * Limbs) - 1];
        private readonly long[] _pow = new long[Limbs];
        private readonly long[] _packA = new long[Limbs];
        private readonly long[] _packB = new long[Limbs];
        private readonly byte[] _bytesA = new byte[32];
        private readonly byte[] _bytesB = new byte[32];

        public static long[] Create()
        {
            return new long[Limbs];
        }

        public static void Set(long[] r, int value)
        {
            for (int i = 0; i < Limbs; i++)
            {
                r[i] = 0;
            }

            r[0] = value;
            Carry(r);
        }

        public static void Copy(long[] r, long[] a)
        {
            for (int i = 0; i < Limbs; i++)
            {
                r[i] = a[i];
            }
        }

        public static void Add(long[] r, long[] a, long[] b)
        {
            for (int i = 0; i < Limbs; i++)
            {
                r[i] = a[i] + b[i];
            }
        }

        public static void Sub(long[] r, long[] a, long[] b)
        {
            for (int i = 0; i < Limbs; i++)
            {
                r[i] = a[i] - b[i];
            }
        }

        /// <summary>
        /// Moves each limb's excess above 16 bits into the next limb; the excess of the top limb is
        /// worth 2^256 = 2 * (2^255 - 19) + 38, that is 38 mod p, and goes back into limb 0.
        /// Arithmetic shifts floor negative limbs, so each limb ends in [0, 2^16).
        /// </summary>
        public static void Carry(long[] r)
        {
            for (int i = 0; i < Limbs; i++)
            {
                long c = r[i] >> 16;
                r[i] -= c << 16;
                if (i < Limbs - 1)
                {
                    r[i + 1] += c;
                }
                else
                {
                    r[0] += 38 * c;
                }
            }
        }

        /// <summary>r = a * b; r may alias a or b.</summary>
        public void Mul(long[] r, long[] a, long[] b)
        {
            long[] t = _product;
            for (int i = 0; i < t.Length; i++)
            {
                t[i] = 0;
            }

            for (int i = 0; i < Limbs; i++)
            {
                long ai = a[i];
                for (int j = 0; j < Limbs; j++)
                {
                    t[i + j] += ai * b[j];
                }
            }

            // Limb 16 + i carries weight 2^(256 + 16 i) = 38 * 2^(16 i) mod p.
            for (int i = 0; i < Limbs - 1; i++)
            {
                t[i] += 38 * t[i + Limbs];
            }

            for (int i = 0; i < Limbs; i++)
            {
                r[i] = t[i];
            }

            Carry(r);
            Carry(r);
        }

        public void Square(long[] r, long[] a)
        {
            Mul(r, a, a);
        }

        /// <summary>r = a^e with e as little-endian bytes (square and multiply, most significant bit first).</summary>
        public void Pow(long[] r, long[] a, byte[] exponent)
        {
            long[] acc = _pow;
            Set(acc, 1);
            for (int bit = (exponent.Length * 8) - 1; bit >= 0; bit--)
            {
                Square(acc, acc);
                if (((exponent[bit >> 3] >> (bit & 7)) & 1) != 0)
                {
                    Mul(acc, acc, a);
                }
            }

            Copy(r, acc);
        }

        public void Invert(long[] r, long[] a)
        {
            Pow(r, a, PMinus2);
        }

        public void PowPMinus5Over8(long[] r, long[] a)
        {
            Pow(r, a, PMinus5Over8);
        }

        public void SqrtMinusOne(long[] r)
        {
            long[] two = Create();
            Set(two, 2);
            Pow(r, two, PMinus1Over4);
        }

        /// <summary>Writes the canonical 32-byte little-endian encoding of a mod p.</summary>
        public void Pack(byte[] output, int offset, long[] a)
        {
            long[] t = _packA;
            long[] m = _packB;
            Copy(t, a);
            Carry(t);
            Carry(t);
            Carry(t);

            // t < 2^256 = 2p + 38, so at most two subtractions of p leave it in [0, p).
            for (int pass = 0; pass < 2; pass++)
            {
                m[0] = t[0] - 0xFFED;
                for (int i = 1; i < Limbs; i++)
                {
                    long top = i == Limbs - 1 ? 0x7FFF : 0xFFFF;
                    m[i] = t[i] - top - ((m[i - 1] >> 16) & 1);
                    m[i - 1] &= 0xFFFF;
                }

                bool borrowed = ((m[Limbs - 1] >> 16) & 1) != 0;
                m[Limbs - 1] &= 0xFFFF;
                if (!borrowed)
                {
                    Copy(t, m);
                }
            }

            for (int i = 0; i < Limbs; i++)
            {
                output[offset + (2 * i)] = (byte)t[i];
                output[offset + (2 * i) + 1] = (byte)(t[i] >> 8);
            }
        }

        /// <summary>Reads 255 bits (the top bit of byte 31 is ignored: it carries a sign in point encodings).</summary>
        public static void Unpack(long[] r, byte[] input, int offset)
        {
            for (int i = 0; i < Limbs; i++)
            {
                r[i] = input[offset + (2 * i)] | ((long)input[offset + (2 * i) + 1] << 8);
            }

            r[Limbs - 1] &= 0x7FFF;
        }

        public bool AreEqual(long[] a, long[] b)
        {
            Pack(_bytesA, 0, a);
            Pack(_bytesB, 0, b);
            for (int i = 0; i < 32; i++)
            {
                if (_bytesA[i] != _bytesB[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The low bit of the canonical value: RFC 8032 calls x "negative" when it is odd.</summary>
        public int Parity(long[] a)
        {
            Pack(_bytesA, 0, a);
            return _bytesA[0] & 1;
        }

        public bool IsZero(long[] a)
        {
            Pack(_bytesA, 0, a);
            for (int i = 0; i < 32; i++)
            {
                if (_bytesA[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static byte[] Exponent(int low, int high)
        {
            byte[] e = new byte[32];
            for (int i = 1; i < 31; i++)
            {
                e[i] = 0xFF;
            }

            e[0] = (byte)low;
            e[31] = (byte)high;
            return e;
        }
    }
}
