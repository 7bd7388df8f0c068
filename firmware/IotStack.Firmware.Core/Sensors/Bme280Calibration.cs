namespace IotStack.Firmware.Sensors
{
    /// <summary>
    /// The BME280's factory trimming parameters (datasheet §4.2.2, Table 16) and the compensation
    /// formulas in double precision (datasheet §4.2.3 and §8.1). Compensation order matters:
    /// temperature first, because it sets <see cref="TFine"/>, which pressure and humidity use.
    /// </summary>
    internal sealed class Bme280Calibration
    {
        public ushort T1;
        public short T2;
        public short T3;
        public ushort P1;
        public short P2;
        public short P3;
        public short P4;
        public short P5;
        public short P6;
        public short P7;
        public short P8;
        public short P9;
        public byte H1;
        public short H2;
        public byte H3;
        public short H4;
        public short H5;
        public sbyte H6;

        /// <summary>Fine temperature carried from temperature to pressure and humidity compensation.</summary>
        public double TFine { get; private set; }

        /// <summary>
        /// Decodes registers 0x88..0xA1 (26 bytes, <paramref name="tp"/>) and 0xE1..0xE7 (7 bytes,
        /// <paramref name="h"/>). Little-endian words; dig_H4/dig_H5 are 12-bit values sharing 0xE5 (Table 16).
        /// </summary>
        public void Decode(byte[] tp, byte[] h)
        {
            T1 = (ushort)U16(tp, 0);
            T2 = (short)U16(tp, 2);
            T3 = (short)U16(tp, 4);
            P1 = (ushort)U16(tp, 6);
            P2 = (short)U16(tp, 8);
            P3 = (short)U16(tp, 10);
            P4 = (short)U16(tp, 12);
            P5 = (short)U16(tp, 14);
            P6 = (short)U16(tp, 16);
            P7 = (short)U16(tp, 18);
            P8 = (short)U16(tp, 20);
            P9 = (short)U16(tp, 22);
            H1 = tp[25];
            H2 = (short)U16(h, 0);
            H3 = h[2];

            // 0xE4 = H4[11:4], 0xE5[3:0] = H4[3:0]; 0xE5[7:4] = H5[3:0], 0xE6 = H5[11:4]; both signed 12-bit.
            H4 = (short)(((sbyte)h[3] << 4) | (h[4] & 0x0F));
            H5 = (short)(((sbyte)h[5] << 4) | (h[4] >> 4));
            H6 = (sbyte)h[6];
        }

        /// <summary>Temperature in °C from the 20-bit raw value; sets <see cref="TFine"/>.</summary>
        public double CompensateTemperature(int adcT)
        {
            double a = ((adcT / 16384.0) - (T1 / 1024.0)) * T2;
            double d = (adcT / 131072.0) - (T1 / 8192.0);
            double b = d * d * T3;
            TFine = (int)(a + b); // the datasheet truncates t_fine to an integer (§8.1)
            return (a + b) / 5120.0;
        }

        /// <summary>Pressure in Pa from the 20-bit raw value; 0 when the calibration would divide by zero.</summary>
        public double CompensatePressure(int adcP)
        {
            double v1 = (TFine / 2.0) - 64000.0;
            double v2 = v1 * v1 * P6 / 32768.0;
            v2 = v2 + (v1 * P5 * 2.0);
            v2 = (v2 / 4.0) + (P4 * 65536.0);
            v1 = ((P3 * v1 * v1 / 524288.0) + (P2 * v1)) / 524288.0;
            v1 = (1.0 + (v1 / 32768.0)) * P1;
            if (v1 == 0.0)
            {
                return 0.0; // §8.1: avoid division by zero (blank calibration)
            }

            double p = 1048576.0 - adcP;
            p = (p - (v2 / 4096.0)) * 6250.0 / v1;
            v1 = P9 * p * p / 2147483648.0;
            v2 = p * P8 / 32768.0;
            return p + ((v1 + v2 + P7) / 16.0);
        }

        /// <summary>Relative humidity in % from the 16-bit raw value, clamped to 0..100 as the datasheet does.</summary>
        public double CompensateHumidity(int adcH)
        {
            double x = TFine - 76800.0;
            x = (adcH - ((H4 * 64.0) + (H5 / 16384.0 * x)))
                * (H2 / 65536.0 * (1.0 + (H6 / 67108864.0 * x * (1.0 + (H3 / 67108864.0 * x)))));
            x = x * (1.0 - (H1 * x / 524288.0));
            if (x > 100.0)
            {
                return 100.0;
            }

            return x < 0.0 ? 0.0 : x;
        }

        private static int U16(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8);
        }
    }
}
