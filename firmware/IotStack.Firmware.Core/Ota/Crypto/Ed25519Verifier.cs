namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// Ed25519 signature verification (RFC 8032 §5.1.7), written for the board: nanoFramework has no
    /// Ed25519, and the board must check a release's signature itself before it trusts any field of
    /// the manifest. Verify only — the private key never exists on a device. Plain arrays and integer
    /// arithmetic (no generics, Math or Span) so the same source builds for nanoFramework.
    /// Not constant time: every input here is public (key, message, signature).
    /// One instance keeps its scratch buffers; use it from one thread.
    /// </summary>
    public sealed class Ed25519Verifier
    {
        public const int PublicKeySize = 32;
        public const int SignatureSize = 64;

        private readonly Field25519 _f = new Field25519();
        private readonly Sha512 _sha = new Sha512();
        private readonly long[] _d = Field25519.Create();
        private readonly long[] _d2 = Field25519.Create();
        private readonly long[] _sqrtM1 = Field25519.Create();
        private readonly EdPoint _base = new EdPoint();

        // Scratch for point addition and decoding.
        private readonly long[] _a = Field25519.Create();
        private readonly long[] _b = Field25519.Create();
        private readonly long[] _c = Field25519.Create();
        private readonly long[] _dd = Field25519.Create();
        private readonly long[] _e = Field25519.Create();
        private readonly long[] _g = Field25519.Create();
        private readonly long[] _h = Field25519.Create();
        private readonly long[] _t = Field25519.Create();
        private readonly byte[] _digest = new byte[Sha512.HashSize];
        private readonly byte[] _encoded = new byte[32];

        public Ed25519Verifier()
        {
            // d = -121665 / 121666 (RFC 8032 §5.1); computed rather than tabulated so it is checkably right.
            long[] num = Field25519.Create();
            long[] den = Field25519.Create();
            Field25519.Set(num, 121665);
            Field25519.Set(den, 121666);
            _f.Invert(den, den);
            _f.Mul(_d, num, den);
            Field25519.Sub(_d, Field25519.Create(), _d);
            Field25519.Carry(_d);
            Field25519.Add(_d2, _d, _d);
            Field25519.Carry(_d2);
            _f.SqrtMinusOne(_sqrtM1);

            // B has y = 4/5 and even x; its encoding is 0x58 followed by 31 bytes of 0x66.
            byte[] baseEncoding = new byte[32];
            baseEncoding[0] = 0x58;
            for (int i = 1; i < 32; i++)
            {
                baseEncoding[i] = 0x66;
            }

            if (!Decode(_base, baseEncoding, 0))
            {
                throw new System.InvalidOperationException("Ed25519 base point failed to decode: field arithmetic is broken.");
            }
        }

        /// <summary>
        /// True when <paramref name="signature"/> (64 bytes at <paramref name="signatureOffset"/>) is a valid
        /// Ed25519 signature by <paramref name="publicKey"/> over the message bytes. Every malformed input
        /// (wrong sizes, non-canonical S or key, a key off the curve) is simply false.
        /// </summary>
        public bool Verify(byte[] publicKey, byte[] message, int messageOffset, int messageLength, byte[] signature, int signatureOffset, int signatureLength)
        {
            if (publicKey == null || publicKey.Length != PublicKeySize || signature == null || signatureLength != SignatureSize
                || signatureOffset < 0 || signature.Length - signatureOffset < SignatureSize
                || message == null || messageOffset < 0 || messageLength < 0 || message.Length - messageOffset < messageLength)
            {
                return false;
            }

            // §5.1.7 step 1: S must be below L, which rules out malleable signatures.
            byte[] s = new byte[32];
            System.Array.Copy(signature, signatureOffset + 32, s, 0, 32);
            if (!Scalar25519.IsCanonical(s))
            {
                return false;
            }

            EdPoint negA = new EdPoint();
            if (!Decode(negA, publicKey, 0))
            {
                return false;
            }

            negA.Negate();

            // k = SHA-512(R || A || M) mod L.
            _sha.Reset();
            _sha.Update(signature, signatureOffset, 32);
            _sha.Update(publicKey, 0, 32);
            _sha.Update(message, messageOffset, messageLength);
            _sha.Final(_digest, 0);
            byte[] k = Scalar25519.Reduce(_digest);

            // [S]B - [k]A should equal R; both scalar products share one doubling chain (Straus-Shamir).
            EdPoint both = new EdPoint();
            both.CopyFrom(_base);
            AddTo(both, negA);
            EdPoint q = new EdPoint();
            q.SetIdentity();
            for (int bit = 255; bit >= 0; bit--)
            {
                AddTo(q, q);
                int sb = (s[bit >> 3] >> (bit & 7)) & 1;
                int kb = (k[bit >> 3] >> (bit & 7)) & 1;
                if (sb == 1 && kb == 1)
                {
                    AddTo(q, both);
                }
                else if (sb == 1)
                {
                    AddTo(q, _base);
                }
                else if (kb == 1)
                {
                    AddTo(q, negA);
                }
            }

            Encode(_encoded, q);
            int diff = 0;
            for (int i = 0; i < 32; i++)
            {
                diff |= _encoded[i] ^ signature[signatureOffset + i];
            }

            return diff == 0;
        }

        /// <summary>Convenience overload for whole arrays.</summary>
        public bool Verify(byte[] publicKey, byte[] message, byte[] signature)
        {
            if (message == null || signature == null)
            {
                return false;
            }

            return Verify(publicKey, message, 0, message.Length, signature, 0, signature.Length);
        }

        /// <summary>p += q with the unified addition of RFC 8032 §5.1.4 (a = -1); also correct for doubling.</summary>
        private void AddTo(EdPoint p, EdPoint q)
        {
            Field25519.Sub(_a, p.Y, p.X);
            Field25519.Sub(_t, q.Y, q.X);
            _f.Mul(_a, _a, _t);
            Field25519.Add(_b, p.Y, p.X);
            Field25519.Add(_t, q.Y, q.X);
            _f.Mul(_b, _b, _t);
            _f.Mul(_c, p.T, q.T);
            _f.Mul(_c, _c, _d2);
            _f.Mul(_dd, p.Z, q.Z);
            Field25519.Add(_dd, _dd, _dd);
            Field25519.Sub(_e, _b, _a);
            Field25519.Sub(_t, _dd, _c);   // F
            Field25519.Add(_g, _dd, _c);
            Field25519.Add(_h, _b, _a);
            _f.Mul(p.X, _e, _t);
            _f.Mul(p.Y, _g, _h);
            _f.Mul(p.T, _e, _h);
            _f.Mul(p.Z, _t, _g);
        }

        /// <summary>RFC 8032 §5.1.2: y with the parity of x in the top bit.</summary>
        private void Encode(byte[] output, EdPoint p)
        {
            long[] zi = Field25519.Create();
            long[] x = Field25519.Create();
            long[] y = Field25519.Create();
            _f.Invert(zi, p.Z);
            _f.Mul(x, p.X, zi);
            _f.Mul(y, p.Y, zi);
            _f.Pack(output, 0, y);
            output[31] |= (byte)(_f.Parity(x) << 7);
        }

        /// <summary>RFC 8032 §5.1.3 point decoding. False for a non-canonical y or a y with no x on the curve.</summary>
        private bool Decode(EdPoint p, byte[] input, int offset)
        {
            int sign = input[offset + 31] >> 7;
            long[] y = p.Y;
            Field25519.Unpack(y, input, offset);

            // Step 1: y must be below p; re-encoding shows whether it was.
            _f.Pack(_encoded, 0, y);
            for (int i = 0; i < 31; i++)
            {
                if (_encoded[i] != input[offset + i])
                {
                    return false;
                }
            }

            if (_encoded[31] != (input[offset + 31] & 0x7F))
            {
                return false;
            }

            // Step 2: x^2 = u / v with u = y^2 - 1, v = d y^2 + 1; candidate x = u v^3 (u v^7)^((p-5)/8).
            long[] u = _a;
            long[] v = _b;
            long[] one = _c;
            Field25519.Set(one, 1);
            _f.Square(u, y);
            _f.Mul(v, u, _d);
            Field25519.Sub(u, u, one);
            Field25519.Add(v, v, one);

            long[] v3 = _e;
            _f.Square(v3, v);
            _f.Mul(v3, v3, v);             // v^3
            long[] x = p.X;
            _f.Square(x, v3);
            _f.Mul(x, x, v);               // v^7
            _f.Mul(x, x, u);               // u v^7
            _f.PowPMinus5Over8(x, x);
            _f.Mul(x, x, v3);
            _f.Mul(x, x, u);               // u v^3 (u v^7)^((p-5)/8)

            // Step 3: v x^2 must be u or -u (then x *= sqrt(-1)); otherwise no square root exists.
            long[] check = _g;
            _f.Square(check, x);
            _f.Mul(check, check, v);
            if (!_f.AreEqual(check, u))
            {
                long[] minusU = _h;
                Field25519.Sub(minusU, Field25519.Create(), u);
                if (!_f.AreEqual(check, minusU))
                {
                    return false;
                }

                _f.Mul(x, x, _sqrtM1);
            }

            // Step 4: pick the root with the encoded sign; x = 0 with sign 1 is invalid.
            if (_f.IsZero(x) && sign == 1)
            {
                return false;
            }

            if (_f.Parity(x) != sign)
            {
                Field25519.Sub(x, Field25519.Create(), x);
                Field25519.Carry(x);
            }

            Field25519.Set(p.Z, 1);
            _f.Mul(p.T, x, y);
            return true;
        }
    }
}
