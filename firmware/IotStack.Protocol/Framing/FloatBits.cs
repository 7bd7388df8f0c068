using System;

namespace IotStack.Protocol
{
    /// <summary>
    /// IEEE 754 single-precision bit patterns without allocating. nanoFramework's BitConverter only
    /// offers GetBytes(float), which allocates per call, so the sample loop converts through the
    /// double bit pattern (DoubleToInt64Bits / Int64BitsToDouble, which both runtimes have).
    /// A float widened to double is exact, so the narrowing here never rounds.
    /// </summary>
    public static class FloatBits
    {
        public static uint ToBits(float value)
        {
            long d = BitConverter.DoubleToInt64Bits(value);
            uint sign = (uint)((d >> 32) & 0x80000000);
            int exponent = (int)((d >> 52) & 0x7FF);
            long mantissa = d & 0xFFFFFFFFFFFFFL;
            if (exponent == 0)
            {
                return sign; // ±0 (a float never widens to a double subnormal)
            }

            if (exponent == 0x7FF)
            {
                // Infinity keeps a zero mantissa; a NaN keeps its payload (never collapsing to infinity).
                uint payload = (uint)(mantissa >> 29);
                if (mantissa != 0 && payload == 0)
                {
                    payload = 1;
                }

                return sign | 0x7F800000u | payload;
            }

            int floatExponent = exponent - 1023 + 127;
            if (floatExponent >= 1)
            {
                return sign | ((uint)floatExponent << 23) | (uint)(mantissa >> 29);
            }

            // Float subnormal: restore the implicit bit and shift it into place.
            long full = mantissa | (1L << 52);
            int shift = 29 + 1 - floatExponent;
            return sign | (uint)(full >> shift);
        }

        public static float FromBits(uint bits)
        {
            long sign = (long)(bits & 0x80000000u) << 32;
            int exponent = (int)((bits >> 23) & 0xFF);
            long mantissa = bits & 0x7FFFFF;
            long d;
            if (exponent == 0)
            {
                if (mantissa == 0)
                {
                    d = sign;
                }
                else
                {
                    // Float subnormal → normal double: normalise the mantissa.
                    int e = -126;
                    while ((mantissa & 0x800000) == 0)
                    {
                        mantissa <<= 1;
                        e--;
                    }

                    mantissa &= 0x7FFFFF;
                    d = sign | ((long)(e + 1023) << 52) | (mantissa << 29);
                }
            }
            else if (exponent == 0xFF)
            {
                d = sign | (0x7FFL << 52) | (mantissa << 29);
            }
            else
            {
                d = sign | ((long)(exponent - 127 + 1023) << 52) | (mantissa << 29);
            }

            return (float)BitConverter.Int64BitsToDouble(d);
        }
    }
}
