using System;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Tests.Fakes
{
    /// <summary>An SHT31 that answers a plain read with the 6 bytes the test prepared, after a measure command.</summary>
    internal sealed class FakeSht31Device : II2cDevice
    {
        private readonly byte[] response = new byte[6];
        private bool measuring;

        public int Address
        {
            get { return 0x44; }
        }

        public I2cResult Fault { get; set; }

        public int LastCommand { get; private set; }

        public void Respond(byte[] bytes)
        {
            Array.Copy(bytes, response, 6);
        }

        public I2cResult Write(byte[] buffer, int count)
        {
            if (Fault != I2cResult.Ok)
            {
                return Fault;
            }

            LastCommand = (buffer[0] << 8) | buffer[1];
            measuring = LastCommand == 0x2400;
            return I2cResult.Ok;
        }

        public I2cResult WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount)
        {
            if (Fault != I2cResult.Ok)
            {
                return Fault;
            }

            if (writeCount != 0 || !measuring)
            {
                return I2cResult.AddressNack; // §4.4: no data without a measurement in progress
            }

            measuring = false;
            Array.Copy(response, readBuffer, readCount);
            return I2cResult.Ok;
        }
    }
}
