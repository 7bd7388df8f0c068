using System;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Tests.Fakes
{
    /// <summary>
    /// A chip with 256 byte registers, as the BME280 presents itself: WriteRead reads from the register
    /// named by the first written byte (auto-increment), Write sets [register, value] pairs.
    /// Writes to <see cref="IgnoredWriteRegister"/> (e.g. the reset register) are recorded but not stored.
    /// </summary>
    internal sealed class FakeRegisterDevice : II2cDevice
    {
        private readonly byte[] registers = new byte[256];

        public FakeRegisterDevice(int address)
        {
            Address = address;
            IgnoredWriteRegister = -1;
        }

        public int Address { get; private set; }

        /// <summary>Every transfer answers this when not Ok (absent chip, broken bus).</summary>
        public I2cResult Fault { get; set; }

        public int IgnoredWriteRegister { get; set; }

        public int LastIgnoredWriteValue { get; private set; }

        public byte this[int register]
        {
            get { return registers[register]; }
            set { registers[register] = value; }
        }

        public void SetBytes(int register, byte[] values)
        {
            Array.Copy(values, 0, registers, register, values.Length);
        }

        public I2cResult Write(byte[] buffer, int count)
        {
            if (Fault != I2cResult.Ok)
            {
                return Fault;
            }

            for (int i = 0; i + 1 < count; i += 2)
            {
                if (buffer[i] == IgnoredWriteRegister)
                {
                    LastIgnoredWriteValue = buffer[i + 1];
                    continue;
                }

                registers[buffer[i]] = buffer[i + 1];
            }

            return I2cResult.Ok;
        }

        public I2cResult WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount)
        {
            if (Fault != I2cResult.Ok)
            {
                return Fault;
            }

            int start = writeBuffer[0];
            for (int i = 0; i < readCount; i++)
            {
                readBuffer[i] = registers[(start + i) & 0xFF];
            }

            return I2cResult.Ok;
        }
    }
}
