#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Hal;
using IotStack.Firmware.Sensors;
using IotStack.Firmware.Tests.Fakes;

namespace IotStack.Firmware.Tests.Sensors
{
    [TestClass]
    public class Bme280Tests
    {
        [TestMethod]
        public void Initialize_ChipPresent_ResetsAndConfiguresNormalMode()
        {
            FakeRegisterDevice chip = DatasheetChip();
            Bme280 sensor = new Bme280(chip);

            Assert.AreEqual(SensorStatus.Ok, sensor.Initialize());

            Assert.AreEqual((int)Bme280.ResetCommand, chip.LastIgnoredWriteValue);
            Assert.AreEqual((int)Bme280.CtrlHumValue, (int)chip[Bme280.RegCtrlHum]);
            Assert.AreEqual((int)Bme280.CtrlMeasValue, (int)chip[Bme280.RegCtrlMeas]);
            Assert.AreEqual(3, chip[Bme280.RegCtrlMeas] & 0x03, "normal mode");
            Assert.AreEqual((int)Bme280.ConfigValue, (int)chip[Bme280.RegConfig]);
        }

        [TestMethod]
        public void Initialize_OtherChipId_ReturnsWrongChip()
        {
            FakeRegisterDevice chip = DatasheetChip();
            chip[Bme280.RegChipId] = 0x58; // BMP280

            Assert.AreEqual(SensorStatus.WrongChip, new Bme280(chip).Initialize());
        }

        [TestMethod]
        public void Read_DatasheetRawValues_ReturnsCompensatedChannels()
        {
            FakeRegisterDevice chip = DatasheetChip();
            Bme280 sensor = new Bme280(chip);
            sensor.Initialize();

            Assert.AreEqual(SensorStatus.Ok, sensor.Read());

            Near.Equal(25.08, sensor.ValueAt(0), 0.005, "temperature");
            Near.Equal(1006.53, sensor.ValueAt(2), 0.01, "pressure hPa");
            Assert.IsTrue(sensor.ValueAt(1) > 0 && sensor.ValueAt(1) < 100, "humidity in range");
        }

        [TestMethod]
        public void Read_SkippedTemperaturePattern_ReturnsSkippedAndKeepsOldValues()
        {
            FakeRegisterDevice chip = DatasheetChip();
            Bme280 sensor = new Bme280(chip);
            sensor.Initialize();
            sensor.Read();
            float before = sensor.ValueAt(0);
            SetRaw(chip, 415148, 0x80000, 30000);

            Assert.AreEqual(SensorStatus.Skipped, sensor.Read());
            Assert.AreEqual(before, sensor.ValueAt(0));
        }

        [TestMethod]
        public void Read_SkippedHumidityPattern_ReturnsSkipped()
        {
            FakeRegisterDevice chip = DatasheetChip();
            Bme280 sensor = new Bme280(chip);
            sensor.Initialize();
            SetRaw(chip, 415148, 519888, 0x8000);

            Assert.AreEqual(SensorStatus.Skipped, sensor.Read());
        }

        [TestMethod]
        public void Read_ImpossibleTemperature_ReturnsOutOfRange()
        {
            FakeRegisterDevice chip = DatasheetChip();
            Bme280 sensor = new Bme280(chip);
            sensor.Initialize();
            SetRaw(chip, 415148, 0xFFFFF, 30000);

            Assert.AreEqual(SensorStatus.OutOfRange, sensor.Read());
        }

        [TestMethod]
        public void Read_ChipStopsAnswering_ReturnsNack()
        {
            FakeRegisterDevice chip = DatasheetChip();
            Bme280 sensor = new Bme280(chip);
            sensor.Initialize();
            chip.Fault = I2cResult.AddressNack;

            Assert.AreEqual(SensorStatus.Nack, sensor.Read());
        }

        [TestMethod]
        public void Read_BeforeInitialize_ReturnsNotInitialized()
        {
            Assert.AreEqual(SensorStatus.NotInitialized, new Bme280(DatasheetChip()).Read());
        }

        /// <summary>A BME280 register image holding the datasheet's trimming values and raw readings.</summary>
        internal static FakeRegisterDevice DatasheetChip()
        {
            FakeRegisterDevice chip = new FakeRegisterDevice(Bme280.DefaultAddress);
            chip.IgnoredWriteRegister = Bme280.RegReset;
            chip[Bme280.RegChipId] = Bme280.ChipIdValue;
            int[] words = new int[] { 27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000 };
            for (int i = 0; i < words.Length; i++)
            {
                chip[Bme280.RegCalibTp + (2 * i)] = (byte)words[i];
                chip[Bme280.RegCalibTp + (2 * i) + 1] = (byte)(words[i] >> 8);
            }

            chip[0xA1] = 75;
            chip[0xE1] = 370 & 0xFF;
            chip[0xE2] = 370 >> 8;
            chip[0xE3] = 0;
            chip[0xE4] = 313 >> 4;
            chip[0xE5] = (byte)((313 & 0x0F) | ((50 & 0x0F) << 4));
            chip[0xE6] = 50 >> 4;
            chip[0xE7] = 30;
            SetRaw(chip, 415148, 519888, 30000);
            return chip;
        }

        internal static void SetRaw(FakeRegisterDevice chip, int adcP, int adcT, int adcH)
        {
            chip[0xF7] = (byte)(adcP >> 12);
            chip[0xF8] = (byte)(adcP >> 4);
            chip[0xF9] = (byte)((adcP & 0x0F) << 4);
            chip[0xFA] = (byte)(adcT >> 12);
            chip[0xFB] = (byte)(adcT >> 4);
            chip[0xFC] = (byte)((adcT & 0x0F) << 4);
            chip[0xFD] = (byte)(adcH >> 8);
            chip[0xFE] = (byte)adcH;
        }
    }
}
