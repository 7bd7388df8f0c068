using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Sensors
{
    /// <summary>
    /// Sensirion SHT31 in single-shot mode (datasheet "SHT3x-DIS" §4.3): command 0x2400 (high
    /// repeatability, no clock stretching), wait for the conversion, then read 6 bytes:
    /// T msb, T lsb, CRC, RH msb, RH lsb, CRC. Channels: temperature °C and humidity %RH of the
    /// second sensor. Buffers are allocated once.
    /// </summary>
    public sealed class Sht31 : ISensor
    {
        public const byte DefaultAddress = 0x44;

        /// <summary>Table 4: high repeatability takes at most 15.5 ms.</summary>
        public const int DefaultConversionMs = 16;

        // Table 1: the chip operates from -40 to 125 °C; raw values below -40 °C are a broken read.
        private const double MinCelsius = -40.0;
        private const double MaxCelsius = 125.0;

        internal const byte MeasureMsb = 0x24;
        internal const byte MeasureLsb = 0x00;
        internal const byte SoftResetMsb = 0x30;
        internal const byte SoftResetLsb = 0xA2;

        private readonly II2cDevice device;
        private readonly int conversionMs;
        private readonly byte[] command = new byte[2];
        private readonly byte[] data = new byte[6];
        private readonly float[] values = new float[2];

        /// <param name="conversionMs">Wait between command and read; 0 where the bus answers at once (tests).</param>
        public Sht31(II2cDevice device, int conversionMs)
        {
            this.device = device;
            this.conversionMs = conversionMs;
        }

        public string Name
        {
            get { return "sht31"; }
        }

        public int ChannelCount
        {
            get { return 2; }
        }

        public byte ChannelAt(int index)
        {
            return index == 0 ? Channel.Sht31Temperature : Channel.Sht31Humidity;
        }

        public float ValueAt(int index)
        {
            return values[index];
        }

        /// <summary>Soft reset (§4.9); the SHT31 has no id register, so an ACK is the presence check.</summary>
        public SensorStatus Initialize()
        {
            command[0] = SoftResetMsb;
            command[1] = SoftResetLsb;
            SensorStatus status = I2cStatus.ToSensorStatus(device.Write(command, 2));
            if (status == SensorStatus.Ok && conversionMs > 0)
            {
                System.Threading.Thread.Sleep(2); // Table 4: soft reset time ≤ 1.5 ms
            }

            return status;
        }

        public SensorStatus Read()
        {
            command[0] = MeasureMsb;
            command[1] = MeasureLsb;
            SensorStatus status = I2cStatus.ToSensorStatus(device.Write(command, 2));
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if (conversionMs > 0)
            {
                System.Threading.Thread.Sleep(conversionMs);
            }

            // A write count of 0 is a plain read (no register address): the SHT31 streams its result.
            status = I2cStatus.ToSensorStatus(device.WriteRead(command, 0, data, 6));
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if (Sht31Crc.Compute(data, 0, 2) != data[2] || Sht31Crc.Compute(data, 3, 2) != data[5])
            {
                return SensorStatus.BadCrc;
            }

            int rawT = (data[0] << 8) | data[1];
            int rawH = (data[3] << 8) | data[4];

            // §4.13: T = -45 + 175·raw/(2¹⁶-1), RH = 100·raw/(2¹⁶-1).
            double celsius = -45.0 + (175.0 * rawT / 65535.0);
            if (celsius < MinCelsius || celsius > MaxCelsius)
            {
                return SensorStatus.OutOfRange;
            }

            values[0] = (float)celsius;
            values[1] = (float)(100.0 * rawH / 65535.0);
            return SensorStatus.Ok;
        }
    }
}
