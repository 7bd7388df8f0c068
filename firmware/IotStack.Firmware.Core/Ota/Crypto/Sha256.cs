namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// SHA-256 (FIPS 180-4 §6.2), streaming, allocation-free after construction. The board checks every
    /// downloaded image file against the signed manifest's digest with it; nanoFramework has no hash API
    /// that works on every target, so the core carries its own.
    /// </summary>
    public sealed class Sha256
    {
        public const int HashSize = 32;

        // FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes.
        private static readonly uint[] K =
        {
            0x428a2f98U, 0x71374491U, 0xb5c0fbcfU, 0xe9b5dba5U, 0x3956c25bU, 0x59f111f1U, 0x923f82a4U, 0xab1c5ed5U,
            0xd807aa98U, 0x12835b01U, 0x243185beU, 0x550c7dc3U, 0x72be5d74U, 0x80deb1feU, 0x9bdc06a7U, 0xc19bf174U,
            0xe49b69c1U, 0xefbe4786U, 0x0fc19dc6U, 0x240ca1ccU, 0x2de92c6fU, 0x4a7484aaU, 0x5cb0a9dcU, 0x76f988daU,
            0x983e5152U, 0xa831c66dU, 0xb00327c8U, 0xbf597fc7U, 0xc6e00bf3U, 0xd5a79147U, 0x06ca6351U, 0x14292967U,
            0x27b70a85U, 0x2e1b2138U, 0x4d2c6dfcU, 0x53380d13U, 0x650a7354U, 0x766a0abbU, 0x81c2c92eU, 0x92722c85U,
            0xa2bfe8a1U, 0xa81a664bU, 0xc24b8b70U, 0xc76c51a3U, 0xd192e819U, 0xd6990624U, 0xf40e3585U, 0x106aa070U,
            0x19a4c116U, 0x1e376c08U, 0x2748774cU, 0x34b0bcb5U, 0x391c0cb3U, 0x4ed8aa4aU, 0x5b9cca4fU, 0x682e6ff3U,
            0x748f82eeU, 0x78a5636fU, 0x84c87814U, 0x8cc70208U, 0x90befffaU, 0xa4506cebU, 0xbef9a3f7U, 0xc67178f2U,
        };

        private readonly uint[] _h = new uint[8];
        private readonly uint[] _w = new uint[64];
        private readonly byte[] _block = new byte[64];
        private int _blockFill;
        private long _totalBytes;

        public Sha256()
        {
            Reset();
        }

        public void Reset()
        {
            // FIPS 180-4 §5.3.3: square roots of the first 8 primes.
            _h[0] = 0x6a09e667U;
            _h[1] = 0xbb67ae85U;
            _h[2] = 0x3c6ef372U;
            _h[3] = 0xa54ff53aU;
            _h[4] = 0x510e527fU;
            _h[5] = 0x9b05688cU;
            _h[6] = 0x1f83d9abU;
            _h[7] = 0x5be0cd19U;
            _blockFill = 0;
            _totalBytes = 0;
        }

        public void Update(byte[] data, int offset, int count)
        {
            _totalBytes += count;
            while (count > 0)
            {
                int take = 64 - _blockFill;
                if (take > count)
                {
                    take = count;
                }

                System.Array.Copy(data, offset, _block, _blockFill, take);
                _blockFill += take;
                offset += take;
                count -= take;
                if (_blockFill == 64)
                {
                    Compress();
                    _blockFill = 0;
                }
            }
        }

        /// <summary>Writes the 32-byte digest and resets, so one instance hashes file after file.</summary>
        public void Final(byte[] output, int offset)
        {
            long bits = _totalBytes * 8;

            // §5.1.1 padding: a 1 bit, zeros, then the message length in bits as a 64-bit big-endian number.
            _block[_blockFill++] = 0x80;
            if (_blockFill > 56)
            {
                while (_blockFill < 64)
                {
                    _block[_blockFill++] = 0;
                }

                Compress();
                _blockFill = 0;
            }

            while (_blockFill < 56)
            {
                _block[_blockFill++] = 0;
            }

            for (int i = 0; i < 8; i++)
            {
                _block[56 + i] = (byte)(bits >> (56 - (8 * i)));
            }

            Compress();
            for (int i = 0; i < 8; i++)
            {
                uint v = _h[i];
                output[offset + (4 * i)] = (byte)(v >> 24);
                output[offset + (4 * i) + 1] = (byte)(v >> 16);
                output[offset + (4 * i) + 2] = (byte)(v >> 8);
                output[offset + (4 * i) + 3] = (byte)v;
            }

            Reset();
        }

        /// <summary>One-shot digest of a byte range.</summary>
        public static byte[] Hash(byte[] data, int offset, int count)
        {
            Sha256 sha = new Sha256();
            sha.Update(data, offset, count);
            byte[] digest = new byte[HashSize];
            sha.Final(digest, 0);
            return digest;
        }

        private static uint Rotr(uint x, int n)
        {
            return (x >> n) | (x << (32 - n));
        }

        // §6.2.2: message schedule, then 64 rounds.
        private void Compress()
        {
            uint[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                int p = 4 * t;
                w[t] = ((uint)_block[p] << 24) | ((uint)_block[p + 1] << 16) | ((uint)_block[p + 2] << 8) | _block[p + 3];
            }

            for (int t = 16; t < 64; t++)
            {
                uint s0 = Rotr(w[t - 15], 7) ^ Rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
                uint s1 = Rotr(w[t - 2], 17) ^ Rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }

            uint a = _h[0];
            uint b = _h[1];
            uint c = _h[2];
            uint d = _h[3];
            uint e = _h[4];
            uint f = _h[5];
            uint g = _h[6];
            uint h = _h[7];
            for (int t = 0; t < 64; t++)
            {
                uint bigS1 = Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);
                uint ch = (e & f) ^ (~e & g);
                uint t1 = h + bigS1 + ch + K[t] + w[t];
                uint bigS0 = Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);
                uint maj = (a & b) ^ (a & c) ^ (b & c);
                uint t2 = bigS0 + maj;
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
