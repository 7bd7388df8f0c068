namespace IotStack.Firmware.Ota
{
    /// <summary>
    /// A point of edwards25519 in extended coordinates (RFC 8032 §5.1.4): x = X/Z, y = Y/Z, x*y = T/Z.
    /// </summary>
    internal sealed class EdPoint
    {
        public EdPoint()
        {
            X = Field25519.Create();
            Y = Field25519.Create();
            Z = Field25519.Create();
            T = Field25519.Create();
        }

        public long[] X { get; private set; }

        public long[] Y { get; private set; }

        public long[] Z { get; private set; }

        public long[] T { get; private set; }

        /// <summary>The neutral element (0, 1).</summary>
        public void SetIdentity()
        {
            Field25519.Set(X, 0);
            Field25519.Set(Y, 1);
            Field25519.Set(Z, 1);
            Field25519.Set(T, 0);
        }

        public void CopyFrom(EdPoint p)
        {
            Field25519.Copy(X, p.X);
            Field25519.Copy(Y, p.Y);
            Field25519.Copy(Z, p.Z);
            Field25519.Copy(T, p.T);
        }

        /// <summary>-(x, y) = (-x, y).</summary>
        public void Negate()
        {
            long[] zero = Field25519.Create();
            Field25519.Sub(X, zero, X);
            Field25519.Sub(T, zero, T);
            Field25519.Carry(X);
            Field25519.Carry(T);
        }
    }
}
