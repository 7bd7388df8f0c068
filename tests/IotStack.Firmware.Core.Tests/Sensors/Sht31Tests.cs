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
    public class Sht31Tests
    {
        [TestMethod]
        public void Read_ValidFrame_SendsSingleShotCommandAndConverts()
        {
            FakeSht31Device chip = new FakeSht31Device();
            chip.Respond(Frame(0x6666, 0x8000));
            Sht31 sensor = new Sht31(chip, 0);

            Assert.AreEqual(SensorStatus.Ok, sensor.Read());

            Assert.AreEqual(0x2400, chip.LastCommand);
            Near.Equal(-45.0 + (175.0 * 0x6666 / 65535.0), sensor.ValueAt(0), 0.001, "temperature");
            Near.Equal(100.0 * 0x8000 / 65535.0, sensor.ValueAt(1), 0.001, "humidity");
        }

        [TestMethod]
        public void Read_CorruptedHumidityCrc_ReturnsBadCrc()
        {
            FakeSht31Device chip = new FakeSht31Device();
            byte[] frame = Frame(0x6666, 0x8000);
            frame[5] ^= 0x01;
            chip.Respond(frame);

            Assert.AreEqual(SensorStatus.BadCrc, new Sht31(chip, 0).Read());
        }

        [TestMethod]
        public void Read_CorruptedTemperatureByte_ReturnsBadCrc()
        {
            FakeSht31Device chip = new FakeSht31Device();
            byte[] frame = Frame(0x6666, 0x8000);
            frame[0] ^= 0x40;
            chip.Respond(frame);

            Assert.AreEqual(SensorStatus.BadCrc, new Sht31(chip, 0).Read());
        }

        [TestMethod]
        public void Read_RawBelowOperatingRange_ReturnsOutOfRange()
        {
            FakeSht31Device chip = new FakeSht31Device();
            chip.Respond(Frame(0x0000, 0x8000)); // -45 °C: below the -40 °C the chip can report

            Assert.AreEqual(SensorStatus.OutOfRange, new Sht31(chip, 0).Read());
        }

        [TestMethod]
        public void Read_NoAcknowledge_ReturnsNack()
        {
            FakeSht31Device chip = new FakeSht31Device();
            chip.Fault = I2cResult.AddressNack;

            Assert.AreEqual(SensorStatus.Nack, new Sht31(chip, 0).Read());
        }

        internal static byte[] Frame(int rawT, int rawH)
        {
            byte[] frame = new byte[] { (byte)(rawT >> 8), (byte)rawT, 0, (byte)(rawH >> 8), (byte)rawH, 0 };
            frame[2] = Sht31Crc.Compute(frame, 0, 2);
            frame[5] = Sht31Crc.Compute(frame, 3, 2);
            return frame;
        }
    }
}
