#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Sensors;

namespace IotStack.Firmware.Tests.Sensors
{
    [TestClass]
    public class Sht31CrcTests
    {
        [TestMethod]
        public void Compute_DatasheetExampleBeef_Returns0x92()
        {
            byte[] data = new byte[] { 0xBE, 0xEF };

            Assert.AreEqual((int)0x92, (int)Sht31Crc.Compute(data, 0, 2));
        }

        [TestMethod]
        public void Compute_OffsetIntoBuffer_ChecksOnlyTheWord()
        {
            byte[] data = new byte[] { 0x00, 0x11, 0xBE, 0xEF, 0x33 };

            Assert.AreEqual((int)0x92, (int)Sht31Crc.Compute(data, 2, 2));
        }

        [TestMethod]
        public void Compute_OneBitFlipped_ChangesCrc()
        {
            byte[] data = new byte[] { 0xBE, 0xEE };

            Assert.AreNotEqual((int)0x92, (int)Sht31Crc.Compute(data, 0, 2));
        }
    }
}
