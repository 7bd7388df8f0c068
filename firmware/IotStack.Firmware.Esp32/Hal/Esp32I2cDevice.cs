using System;
using System.Device.I2c;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Esp32.Hal
{
    /// <summary>
    /// One chip on the ESP32's I2C bus through nanoFramework's System.Device.I2c. SpanByte is a struct over the
    /// caller's array, so a transfer allocates nothing.
    /// </summary>
    internal sealed class Esp32I2cDevice : II2cDevice
    {
        private readonly I2cDevice device;

        public Esp32I2cDevice(int busId, int address)
        {
            // Standard mode (100 kHz): both the BME280 (datasheet §6.2) and the SHT31 (§3.1) run up to fast mode, but
            // long wires on a field board are more forgiving at 100 kHz.
            device = I2cDevice.Create(new I2cConnectionSettings(busId, address, I2cBusSpeed.StandardMode));
            Address = address;
        }

        public int Address { get; private set; }

        public I2cResult Write(byte[] buffer, int count)
        {
            return Map(device.Write(new SpanByte(buffer, 0, count)), count);
        }

        public I2cResult WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount)
        {
            if (writeCount == 0)
            {
                return Map(device.Read(new SpanByte(readBuffer, 0, readCount)), readCount);
            }

            return Map(device.WriteRead(new SpanByte(writeBuffer, 0, writeCount), new SpanByte(readBuffer, 0, readCount)), writeCount + readCount);
        }

        private static I2cResult Map(I2cTransferResult result, int expected)
        {
            switch (result.Status)
            {
                case I2cTransferStatus.FullTransfer:
                    return result.BytesTransferred == (uint)expected ? I2cResult.Ok : I2cResult.BusError;
                case I2cTransferStatus.SlaveAddressNotAcknowledged:
                    return I2cResult.AddressNack;
                default:
                    return I2cResult.BusError; // clock stretch timeout, partial transfer, unknown
            }
        }
    }
}
