namespace IotStack.Firmware.Sensors
{
    /// <summary>
    /// CRC-8 of the SHT3x (datasheet §4.12, Table 19): polynomial 0x31 (x⁸+x⁵+x⁴+1), init 0xFF,
    /// no reflection, no final XOR. Example from the datasheet: 0xBEEF → 0x92.
    /// </summary>
    internal static class Sht31Crc
    {
        public static byte Compute(byte[] data, int offset, int count)
        {
            int crc = 0xFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x31) & 0xFF : (crc << 1) & 0xFF;
                }
            }

            return (byte)crc;
        }
    }
}
