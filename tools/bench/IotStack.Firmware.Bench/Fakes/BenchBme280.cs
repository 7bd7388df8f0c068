using IotStack.Firmware.Hal;

namespace IotStack.Bench.Fakes;

/// <summary>A BME280 register image (datasheet trimming example) answering at register level.</summary>
internal sealed class BenchBme280 : II2cDevice
{
    private readonly byte[] _registers = new byte[256];

    public BenchBme280()
    {
        _registers[0xD0] = 0x60;
        int[] words = [27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000];
        for (var i = 0; i < words.Length; i++)
        {
            _registers[0x88 + (2 * i)] = (byte)words[i];
            _registers[0x89 + (2 * i)] = (byte)(words[i] >> 8);
        }

        _registers[0xA1] = 75;
        _registers[0xE1] = 370 & 0xFF;
        _registers[0xE2] = 370 >> 8;
        _registers[0xE4] = 313 >> 4;
        _registers[0xE5] = (313 & 0x0F) | ((50 & 0x0F) << 4);
        _registers[0xE6] = 50 >> 4;
        _registers[0xE7] = 30;
        int adcP = 415148, adcT = 519888, adcH = 30000;
        _registers[0xF7] = (byte)(adcP >> 12);
        _registers[0xF8] = (byte)(adcP >> 4);
        _registers[0xF9] = (byte)((adcP & 0x0F) << 4);
        _registers[0xFA] = (byte)(adcT >> 12);
        _registers[0xFB] = (byte)(adcT >> 4);
        _registers[0xFC] = (byte)((adcT & 0x0F) << 4);
        _registers[0xFD] = (byte)(adcH >> 8);
        _registers[0xFE] = (byte)(adcH & 0xFF);
    }

    public int Address => 0x76;

    public I2cResult Write(byte[] buffer, int count)
    {
        if (buffer[0] != 0xE0)
        {
            _registers[buffer[0]] = buffer[1];
        }

        return I2cResult.Ok;
    }

    public I2cResult WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount)
    {
        Array.Copy(_registers, writeBuffer[0], readBuffer, 0, readCount);
        return I2cResult.Ok;
    }
}
