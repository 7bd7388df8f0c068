namespace IotStack.Firmware.Numerics
{
    /// <summary>
    /// The few numeric helpers the core needs: nanoFramework's mscorlib has no System.Math.
    /// </summary>
    internal static class Num
    {
        public static bool IsNaN(float value)
        {
            return float.IsNaN(value);
        }

        public static bool IsNaN(double value)
        {
            return double.IsNaN(value);
        }

        /// <summary>False for NaN and ±infinity: such a value never reaches a check or a batch.</summary>
        public static bool IsFinite(double value)
        {
            return !double.IsNaN(value) && value <= double.MaxValue && value >= -double.MaxValue;
        }

        public static double Abs(double value)
        {
            return value < 0 ? -value : value;
        }

        /// <summary>
        /// Square root by Newton's method, for the rare paths that report a band (a finding fired).
        /// The per-sample checks compare squares instead and never call this.
        /// </summary>
        public static double Sqrt(double value)
        {
            if (!(value > 0.0))
            {
                return 0.0;
            }

            double x = value > 1.0 ? value : 1.0;
            for (int i = 0; i < 64; i++)
            {
                double next = 0.5 * (x + (value / x));
                if (next >= x)
                {
                    break; // Newton from above decreases monotonically until it converges
                }

                x = next;
            }

            return x;
        }
    }
}
