namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// SHA-512 (FIPS 180-4 §6.4), streaming. Only the Ed25519 verifier needs it (RFC 8032 §5.1.7 hashes
    /// R || A || M with SHA-512), so it favours plain code over speed.
    /// </summary>
    public sealed class Sha512
    {
        public const int HashSize = 64;

        // FIPS 180-4 §4.2.3: first 64 bits of the fractional parts of the cube roots of the first 80 primes.
        private static readonly ulong[] K =
        {
            0x428a2f98d728ae22UL, 0x7137449123ef65cdUL, 0xb5c0fbcfec4d3b2fUL, 0xe9b5dba58189dbbcUL,
            0x3956c25bf348b538UL, 0x59f111f1b605d019UL, 0x923f82a4af194f9bUL, 0xab1c5ed5da6d8118UL,
            0xd807aa98a3030242UL, 0x12835b0145706fbeUL, 0x243185be4ee4b28cUL, 0x550c7dc3d5ffb4e2UL,
            0x72be5d74f27b896fUL, 0x80deb1fe3b1696b1UL, 0x9bdc06a725c71235UL, 0xc19bf174cf692694UL,
            0xe49b69c19ef14ad2UL, 0xefbe4786384f25e3UL, 0x0fc19dc68b8cd5b5UL, 0x240ca1cc77ac9c65UL,
            0x2de92c6f592b0275UL, 0x4a7484aa6ea6e483UL, 0x5cb0a9dcbd41fbd4UL, 0x76f988da831153b5UL,
            0x983e5152ee66dfabUL, 0xa831c66d2db43210UL, 0xb00327c898fb213fUL, 0xbf597fc7beef0ee4UL,
            0xc6e00bf33da88fc2UL, 0xd5a79147930aa725UL, 0x06ca6351e003826fUL, 0x142929670a0e6e70UL,
            0x27b70a8546d22ffcUL, 0x2e1b21385c26c926UL, 0x4d2c6dfc5ac42aedUL, 0x53380d139d95b3dfUL,
            0x650a73548baf63deUL, 0x766a0abb3c77b2a8UL, 0x81c2c92e47edaee6UL, 0x92722c851482353bUL,
            0xa2bfe8a14cf10364UL, 0xa81a664bbc423001UL, 0xc24b8b70d0f89791UL, 0xc76c51a30654be30UL,
            0xd192e819d6ef5218UL, 0xd69906245565a910UL, 0xf40e35855771202aUL, 0x106aa07032bbd1b8UL,
            0x19a4c116b8d2d0c8UL, 0x1e376c085141ab53UL, 0x2748774cdf8eeb99UL, 0x34b0bcb5e19b48a8UL,
            0x391c0cb3c5c95a63UL, 0x4ed8aa4ae3418acbUL, 0x5b9cca4f7763e373UL, 0x682e6ff3d6b2b8a3UL,
            0x748f82ee5defb2fcUL, 0x78a5636f43172f60UL, 0x84c87814a1f0ab72UL, 0x8cc702081a6439ecUL,
            0x90befffa23631e28UL, 0xa4506cebde82bde9UL, 0xbef9a3f7b2c67915UL, 0xc67178f2e372532bUL,
            0xca273eceea26619cUL, 0xd186b8c721c0c207UL, 0xeada7dd6cde0eb1eUL, 0xf57d4f7fee6ed178UL,
            0x06f067aa72176fbaUL, 0x0a637dc5a2c898a6UL, 0x113f9804bef90daeUL, 0x1b710b35131c471bUL,
            0x28db77f523047d84UL, 0x32caab7b40c72493UL, 0x3c9ebe0a15c9bebcUL, 0x431d67c49c100d4cUL,
            0x4cc5d4becb3e42b6UL, 0x597f299cfc657e2aUL, 0x5fcb6fab3ad6faecUL, 0x6c44198c4a475817UL,
        };

        private readonly ulong[] _h = new ulong[8];
        private readonly ulong[] _w = new ulong[80];
        private readonly byte[] _block = new byte[128];
        private int _blockFill;
        private long _totalBytes;

        public Sha512()
        {
            Reset();
        }

        public void Reset()
        {
            // FIPS 180-4 §5.3.5: square roots of the first 8 primes.
            _h[0] = 0x6a09e667f3bcc908UL;
            _h[1] = 0xbb67ae8584caa73bUL;
            _h[2] = 0x3c6ef372fe94f82bUL;
            _h[3] = 0xa54ff53a5f1d36f1UL;
            _h[4] = 0x510e527fade682d1UL;
            _h[5] = 0x9b05688c2b3e6c1fUL;
            _h[6] = 0x1f83d9abfb41bd6bUL;
            _h[7] = 0x5be0cd19137e2179UL;
            _blockFill = 0;
            _totalBytes = 0;
        }

        public void Update(byte[] data, int offset, int count)
        {
            _totalBytes += count;
            while (count > 0)
            {
                int take = 128 - _blockFill;
                if (take > count)
                {
                    take = count;
                }

                System.Array.Copy(data, offset, _block, _blockFill, take);
                _blockFill += take;
                offset += take;
                count -= take;
                if (_blockFill == 128)
                {
                    Compress();
                    _blockFill = 0;
                }
            }
        }

        /// <summary>Writes the 64-byte digest and resets.</summary>
        public void Final(byte[] output, int offset)
        {
            long bits = _totalBytes * 8;

            // §5.1.2: a 1 bit, zeros, then a 128-bit big-endian length (the high 64 bits are zero here).
            _block[_blockFill++] = 0x80;
            if (_blockFill > 112)
            {
                while (_blockFill < 128)
                {
                    _block[_blockFill++] = 0;
                }

                Compress();
                _blockFill = 0;
            }

            while (_blockFill < 120)
            {
                _block[_blockFill++] = 0;
            }

            for (int i = 0; i < 8; i++)
            {
                _block[120 + i] = (byte)(bits >> (56 - (8 * i)));
            }

            Compress();
            for (int i = 0; i < 8; i++)
            {
                ulong v = _h[i];
                for (int k = 0; k < 8; k++)
                {
                    output[offset + (8 * i) + k] = (byte)(v >> (56 - (8 * k)));
                }
            }

            Reset();
        }

        private static ulong Rotr(ulong x, int n)
        {
            return (x >> n) | (x << (64 - n));
        }

        // §6.4.2: message schedule, then 80 rounds.
        private void Compress()
        {
            ulong[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                ulong v = 0;
                for (int k = 0; k < 8; k++)
                {
                    v = (v << 8) | _block[(8 * t) + k];
                }

                w[t] = v;
            }

            for (int t = 16; t < 80; t++)
            {
                ulong s0 = Rotr(w[t - 15], 1) ^ Rotr(w[t - 15], 8) ^ (w[t - 15] >> 7);
                ulong s1 = Rotr(w[t - 2], 19) ^ Rotr(w[t - 2], 61) ^ (w[t - 2] >> 6);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }

            ulong a = _h[0];
            ulong b = _h[1];
            ulong c = _h[2];
            ulong d = _h[3];
            ulong e = _h[4];
            ulong f = _h[5];
            ulong g = _h[6];
            ulong h = _h[7];
            for (int t = 0; t < 80; t++)
            {
                ulong bigS1 = Rotr(e, 14) ^ Rotr(e, 18) ^ Rotr(e, 41);
                ulong ch = (e & f) ^ (~e & g);
                ulong t1 = h + bigS1 + ch + K[t] + w[t];
                ulong bigS0 = Rotr(a, 28) ^ Rotr(a, 34) ^ Rotr(a, 39);
                ulong maj = (a & b) ^ (a & c) ^ (b & c);
                ulong t2 = bigS0 + maj;
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            _h[0] += a;
            _h[1] += b;
            _h[2] += c;
            _h[3] += d;
            _h[4] += e;
            _h[5] += f;
            _h[6] += g;
            _h[7] += h;
        }
    }
}
