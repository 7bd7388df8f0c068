namespace IotStack.Firmware.Host.Simulation;

/// <summary>
/// Trimming parameters of one BME280 (datasheet §4.2.2, table 16) and the datasheet's 32/64-bit integer
/// compensation (§4.2.3, §8.2). The simulated chip serves these bytes from its calibration registers and
/// uses the forward formulas to find the raw ADC counts that the real driver turns back into the value.
/// </summary>
internal sealed class Bme280Trimming
{
    public ushort T1 { get; init; }
    public short T2 { get; init; }
    public short T3 { get; init; }
    public ushort P1 { get; init; }
    public short P2 { get; init; }
    public short P3 { get; init; }
    public short P4 { get; init; }
    public short P5 { get; init; }
    public short P6 { get; init; }
    public short P7 { get; init; }
    public short P8 { get; init; }
    public short P9 { get; init; }
    public byte H1 { get; init; }
    public short H2 { get; init; }
    public byte H3 { get; init; }
    /// <summary>12-bit signed, split over 0xE4 and 0xE5[3:0].</summary>
    public short H4 { get; init; }
    /// <summary>12-bit signed, split over 0xE5[7:4] and 0xE6.</summary>
    public short H5 { get; init; }
    public sbyte H6 { get; init; }

    /// <summary>
    /// The worked example of the datasheet (§8.1 reference values) for T and P, and humidity trimming as read
    /// from production parts, each nudged per device so a driver that ignores the registers gets it wrong.
    /// </summary>
    public static Bme280Trimming ForDevice(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new Bme280Trimming
        {
            T1 = (ushort)(27504 + random.Next(-300, 301)),
            T2 = (short)(26435 + random.Next(-200, 201)),
            T3 = (short)(-1000 + random.Next(-20, 21)),
            P1 = (ushort)(36477 + random.Next(-300, 301)),
            P2 = (short)(-10685 + random.Next(-100, 101)),
            P3 = 3024,
            P4 = (short)(2855 + random.Next(-50, 51)),
            P5 = 140,
            P6 = -7,
            P7 = 15500,
            P8 = -14600,
            P9 = 6000,
            H1 = 75,
            H2 = (short)(362 + random.Next(-10, 11)),
            H3 = 0,
            H4 = (short)(313 + random.Next(-10, 11)),
            H5 = 50,
            H6 = 30,
        };
    }

    /// <summary>Writes the trimming bytes into the chip's register file (table 16 layout, little-endian words).</summary>
    public void WriteTo(byte[] registers)
    {
        ArgumentNullException.ThrowIfNull(registers);
        PutWord(registers, 0x88, T1);
        PutWord(registers, 0x8A, (ushort)T2);
        PutWord(registers, 0x8C, (ushort)T3);
        PutWord(registers, 0x8E, P1);
        PutWord(registers, 0x90, (ushort)P2);
        PutWord(registers, 0x92, (ushort)P3);
        PutWord(registers, 0x94, (ushort)P4);
        PutWord(registers, 0x96, (ushort)P5);
        PutWord(registers, 0x98, (ushort)P6);
        PutWord(registers, 0x9A, (ushort)P7);
        PutWord(registers, 0x9C, (ushort)P8);
        PutWord(registers, 0x9E, (ushort)P9);
        registers[0xA1] = H1;
        PutWord(registers, 0xE1, (ushort)H2);
        registers[0xE3] = H3;
        registers[0xE4] = (byte)((H4 >> 4) & 0xFF);
        registers[0xE5] = (byte)((H4 & 0x0F) | ((H5 & 0x0F) << 4));
        registers[0xE6] = (byte)((H5 >> 4) & 0xFF);
        registers[0xE7] = (byte)H6;
    }

    /// <summary>§4.2.3 temperature: returns t_fine; the temperature is (t_fine * 5 + 128) >> 8 in 0.01 °C.</summary>
    public int FineTemperature(int adcT)
    {
        int var1 = (((adcT >> 3) - (T1 << 1)) * T2) >> 11;
        int delta = (adcT >> 4) - T1;
        int var2 = (((delta * delta) >> 12) * T3) >> 14;
        return var1 + var2;
    }

    public static double Celsius(int tFine) => (((tFine * 5) + 128) >> 8) / 100.0;

    /// <summary>§4.2.3 64-bit pressure: Pa in Q24.8.</summary>
    public uint PressureQ24_8(int adcP, int tFine)
    {
        long var1 = (long)tFine - 128000;
        long var2 = var1 * var1 * P6;
        var2 += (var1 * P5) << 17;
        var2 += (long)P4 << 35;
        var1 = ((var1 * var1 * P3) >> 8) + ((var1 * P2) << 12);
        var1 = (((1L << 47) + var1) * P1) >> 33;
        if (var1 == 0)
        {
            return 0; // §4.2.3: avoids a division by zero
        }

        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = (P9 * (p >> 13) * (p >> 13)) >> 25;
        var2 = (P8 * p) >> 19;
        p = ((p + var1 + var2) >> 8) + ((long)P7 << 4);
        return (uint)p;
    }

    /// <summary>§4.2.3 humidity: %RH in Q22.10.</summary>
    public uint HumidityQ22_10(int adcH, int tFine)
    {
        int v = tFine - 76800;
        v = ((((adcH << 14) - (H4 << 20) - (H5 * v)) + 16384) >> 15)
            * (((((((v * H6) >> 10) * (((v * H3) >> 11) + 32768)) >> 10) + 2097152) * H2 + 8192) >> 14);
        v -= ((((v >> 15) * (v >> 15)) >> 7) * H1) >> 4;
        v = v < 0 ? 0 : v;
        v = v > 419430400 ? 419430400 : v;
        return (uint)(v >> 12);
    }

    private static void PutWord(byte[] registers, int address, ushort value)
    {
        registers[address] = (byte)(value & 0xFF);
        registers[address + 1] = (byte)(value >> 8);
    }
}
