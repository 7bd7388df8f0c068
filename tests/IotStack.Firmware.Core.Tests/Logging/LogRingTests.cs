#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Logging;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Logging
{
    [TestClass]
    public class LogRingTests
    {
        [TestMethod]
        public void Add_WhenFull_DropsOldestAndReportsIt()
        {
            LogRing ring = new LogRing(3);
            uint evicted;
            Assert.IsFalse(ring.Add(1, 0, LogLevel.Info, "t", "one", out evicted));
            Assert.IsFalse(ring.Add(2, 0, LogLevel.Info, "t", "two", out evicted));
            Assert.IsFalse(ring.Add(3, 0, LogLevel.Info, "t", "three", out evicted));

            Assert.IsTrue(ring.Add(4, 0, LogLevel.Info, "t", "four", out evicted));

            Assert.AreEqual(1u, evicted);
            Assert.AreEqual(3, ring.Count);
            Assert.AreEqual(2u, ring.SequenceAt(0));
            Assert.AreEqual(4u, ring.SequenceAt(2));
            LogRecord record = new LogRecord();
            ring.CopyTo(2, record);
            Assert.AreEqual("four", record.Message);
        }
    }
}
