#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Storage;
using IotStack.Firmware.Tests.Fakes;

namespace IotStack.Firmware.Tests.Storage
{
    [TestClass]
    public class SequenceCounterTests
    {
        [TestMethod]
        public void Next_AfterReopen_KeepsRising()
        {
            FakeFlashStore flash = new FakeFlashStore();
            SequenceCounter first = new SequenceCounter(flash, "seq");
            first.Open();
            uint last = 0;
            for (int i = 0; i < 300; i++)
            {
                last = first.Next();
            }

            SequenceCounter second = new SequenceCounter(flash, "seq");
            second.Open();

            Assert.AreEqual(299u, last);
            Assert.IsTrue(second.Next() > last);
        }

        [TestMethod]
        public void Next_WithinABlock_WritesFlashOnce()
        {
            FakeFlashStore flash = new FakeFlashStore();
            SequenceCounter counter = new SequenceCounter(flash, "seq");
            counter.Open();
            counter.Next();
            byte[] afterFirst = flash.Get("seq");
            for (int i = 0; i < 10; i++)
            {
                counter.Next();
            }

            Assert.AreSame(afterFirst, flash.Get("seq"));
        }
    }
}
