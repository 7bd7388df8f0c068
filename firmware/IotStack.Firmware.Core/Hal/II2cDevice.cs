namespace IotStack.Firmware.Hal
{
    /// <summary>
    /// One chip on an I2C bus. The ESP32 build wraps System.Device.I2c.I2cDevice; the virtual board
    /// answers at register level. Buffers are the caller's and reused, so a read allocates nothing.
    /// </summary>
    public interface II2cDevice
    {
        int Address { get; }

        I2cResult Write(byte[] buffer, int count);

        /// <summary>Writes <paramref name="writeCount"/> bytes (usually a register address) then reads <paramref name="readCount"/> with a repeated start.</summary>
        I2cResult WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount);
    }
}
