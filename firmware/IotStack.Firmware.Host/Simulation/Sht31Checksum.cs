namespace IotStack.Firmware.Host.Simulation;

/// <summary>SHT3x CRC-8 (datasheet §4.12, table 20): polynomial 0x31, init 0xFF, no reflection, no final XOR; CRC(0xBEEF) = 0x92.</summary>
internal static class Sht31Checksum
{
    public static byte Compute(byte msb, byte lsb)
    {
        byte crc = 0xFF;
        crc = Step(crc, msb);
        return Step(crc, lsb);
    }

    private static byte Step(byte crc, byte data)
    {
        crc ^= data;
        for (int bit = 0; bit < 8; bit++)
        {
            crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ 0x31) : (byte)(crc << 1);
        }

        return crc;
    }
}
