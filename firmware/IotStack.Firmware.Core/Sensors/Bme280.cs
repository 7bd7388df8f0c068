using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Sensors
{
    /// <summary>
    /// Bosch BME280 at register level (datasheet BST-BME280-DS002). Runs in normal mode so a read is
    /// one burst of the data registers, never a wait for a conversion. Channels: temperature °C,
    /// humidity %RH, pressure hPa. Buffers are allocated once; <see cref="Read"/> allocates nothing.
    /// </summary>
    public sealed class Bme280 : ISensor
    {
        public const byte DefaultAddress = 0x76;
        public const byte ChipIdValue = 0x60;

        internal const byte RegCalibTp = 0x88;
        internal const int CalibTpLength = 26; // 0x88..0xA1
        internal const byte RegChipId = 0xD0;
        internal const byte RegReset = 0xE0;
        internal const byte RegCalibH = 0xE1;
        internal const int CalibHLength = 7; // 0xE1..0xE7
        internal const byte RegCtrlHum = 0xF2;
        internal const byte RegStatus = 0xF3;
        internal const byte RegCtrlMeas = 0xF4;
        internal const byte RegConfig = 0xF5;
        internal const byte RegData = 0xF7;
        internal const int DataLength = 8; // 0xF7..0xFE
        internal const byte ResetCommand = 0xB6;

        // §5.4.3/§5.4.5/§5.4.6: oversampling ×1 for humidity, temperature and pressure, normal mode,
        // standby 62.5 ms, IIR filter off. ctrl_hum only takes effect after a write to ctrl_meas (§5.4.3).
        internal const byte CtrlHumValue = 0x01;
        internal const byte CtrlMeasValue = (1 << 5) | (1 << 2) | 0x03;
        internal const byte ConfigValue = 1 << 5;

        // §4.2.2: a measurement switched off or skipped reads as 0x80000 (T, P) or 0x8000 (H).
        private const int SkippedTp = 0x80000;
        private const int SkippedH = 0x8000;

        // Operating range, datasheet Table 1: a compensated value beyond it is a broken read, not weather.
        private const double MinCelsius = -40.0;
        private const double MaxCelsius = 85.0;
        private const double MinHpa = 300.0;
        private const double MaxHpa = 1100.0;

        // §5.4.4: status bit 0 (im_update) is set while the NVM calibration is being copied.
        private const int MaxResetPolls = 10;

        private readonly II2cDevice device;
        private readonly Bme280Calibration calibration = new Bme280Calibration();
        private readonly byte[] command = new byte[2];
        private readonly byte[] calibTp = new byte[CalibTpLength];
        private readonly byte[] calibH = new byte[CalibHLength];
        private readonly byte[] data = new byte[DataLength];
        private readonly float[] values = new float[3];
        private bool initialized;

        public Bme280(II2cDevice device)
        {
            this.device = device;
        }

        public string Name
        {
            get { return "bme280"; }
        }

        public int ChannelCount
        {
            get { return 3; }
        }

        internal Bme280Calibration Calibration
        {
            get { return calibration; }
        }

        public byte ChannelAt(int index)
        {
            switch (index)
            {
                case 0: return Channel.Temperature;
                case 1: return Channel.Humidity;
                default: return Channel.Pressure;
            }
        }

        public float ValueAt(int index)
        {
            return values[index];
        }

        public SensorStatus Initialize()
        {
            initialized = false;
            SensorStatus status = ReadRegisters(RegChipId, data, 1);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if (data[0] != ChipIdValue)
            {
                return SensorStatus.WrongChip;
            }

            status = WriteRegister(RegReset, ResetCommand);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            for (int poll = 0; poll < MaxResetPolls; poll++)
            {
                status = ReadRegisters(RegStatus, data, 1);
                if (status == SensorStatus.Ok && (data[0] & 0x01) == 0)
                {
                    break;
                }

                System.Threading.Thread.Sleep(2); // §5.4.4: the NVM copy takes about 2 ms after reset
            }

            if (status != SensorStatus.Ok)
            {
                return status;
            }

            status = ReadRegisters(RegCalibTp, calibTp, CalibTpLength);
            if (status == SensorStatus.Ok)
            {
                status = ReadRegisters(RegCalibH, calibH, CalibHLength);
            }

            if (status != SensorStatus.Ok)
            {
                return status;
            }

            calibration.Decode(calibTp, calibH);
            status = WriteRegister(RegCtrlHum, CtrlHumValue);
            if (status == SensorStatus.Ok)
            {
                status = WriteRegister(RegConfig, ConfigValue);
            }

            if (status == SensorStatus.Ok)
            {
                status = WriteRegister(RegCtrlMeas, CtrlMeasValue);
            }

            initialized = status == SensorStatus.Ok;
            return status;
        }

        public SensorStatus Read()
        {
            if (!initialized)
            {
                return SensorStatus.NotInitialized;
            }

            // §4: one burst read of 0xF7..0xFE keeps the three values from the same conversion (shadowing).
            SensorStatus status = ReadRegisters(RegData, data, DataLength);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            int adcP = (data[0] << 12) | (data[1] << 4) | (data[2] >> 4);
            int adcT = (data[3] << 12) | (data[4] << 4) | (data[5] >> 4);
            int adcH = (data[6] << 8) | data[7];
            if (adcT == SkippedTp || adcP == SkippedTp || adcH == SkippedH)
            {
                return SensorStatus.Skipped;
            }

            double celsius = calibration.CompensateTemperature(adcT);
            double hpa = calibration.CompensatePressure(adcP) / 100.0;
            double rh = calibration.CompensateHumidity(adcH);
            if (celsius < MinCelsius || celsius > MaxCelsius || hpa < MinHpa || hpa > MaxHpa)
            {
                return SensorStatus.OutOfRange;
            }

            values[0] = (float)celsius;
            values[1] = (float)rh;
            values[2] = (float)hpa;
            return SensorStatus.Ok;
        }

        private SensorStatus ReadRegisters(byte register, byte[] target, int count)
        {
            command[0] = register;
            return I2cStatus.ToSensorStatus(device.WriteRead(command, 1, target, count));
        }

        private SensorStatus WriteRegister(byte register, byte value)
        {
            command[0] = register;
            command[1] = value;
            return I2cStatus.ToSensorStatus(device.Write(command, 2));
        }
    }
}
