#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Storage;
using IotStack.Firmware.Telemetry;
using IotStack.Firmware.Tests.Fakes;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Telemetry
{
    [TestClass]
    public class BatcherTests
    {
        [TestMethod]
        public void IsDue_SizeReached_IsTrue()
        {
            Batcher batcher = NewBatcher();
            for (int i = 0; i < 3; i++)
            {
                Assert.IsFalse(batcher.IsDue(i, 4, 10000));
                batcher.Add(Channel.Temperature, 1000 + i, 20f, i);
            }

            Assert.IsFalse(batcher.IsDue(3, 4, 10000));
            batcher.Add(Channel.Temperature, 1003, 20f, 3);
            Assert.IsTrue(batcher.IsDue(3, 4, 10000));
        }

        [TestMethod]
        public void IsDue_FirstSampleOldEnough_IsTrue()
        {
            Batcher batcher = NewBatcher();
            batcher.Add(Channel.Temperature, 1000, 20f, 500);

            Assert.IsFalse(batcher.IsDue(5499, 16, 5000));
            Assert.IsTrue(batcher.IsDue(5500, 16, 5000));
        }

        [TestMethod]
        public void Seal_Twice_TakesRisingSequences()
        {
            Batcher batcher = NewBatcher();
            batcher.Add(Channel.Temperature, 1000, 20f, 0);
            uint first = batcher.Seal().Sequence;
            batcher.Reset();
            batcher.Add(Channel.Temperature, 2000, 20f, 1000);

            Assert.AreEqual(first + 1, batcher.Seal().Sequence);
        }

        [TestMethod]
        public void IsDue_Empty_IsFalse()
        {
            Assert.IsFalse(NewBatcher().IsDue(1000000, 1, 1));
        }

        private static Batcher NewBatcher()
        {
            SequenceCounter sequence = new SequenceCounter(new FakeFlashStore(), "seq");
            sequence.Open();
            return new Batcher(sequence);
        }
    }
}
