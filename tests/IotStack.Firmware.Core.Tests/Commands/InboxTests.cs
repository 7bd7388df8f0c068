#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Commands;

namespace IotStack.Firmware.Tests.Commands
{
    [TestClass]
    public class InboxTests
    {
        [TestMethod]
        public void Take_AfterMessages_ReturnsCopiesInArrivalOrder()
        {
            Inbox inbox = new Inbox(3, 16);
            byte[] payload = new byte[] { 1, 2, 3 };
            inbox.OnMessage("a", payload, 3);
            payload[0] = 9; // the transport reuses its buffer
            inbox.OnMessage("b", payload, 1);
            byte[] target = new byte[16];
            string topic;

            Assert.AreEqual(3, inbox.Take(target, out topic));
            Assert.AreEqual("a", topic);
            Assert.AreEqual((byte)1, target[0]);
            Assert.AreEqual(1, inbox.Take(target, out topic));
            Assert.AreEqual("b", topic);
            Assert.AreEqual((byte)9, target[0]);
            Assert.AreEqual(-1, inbox.Take(target, out topic));
        }

        [TestMethod]
        public void OnMessage_LargerThanSlot_DropsAndCounts()
        {
            Inbox inbox = new Inbox(2, 4);

            inbox.OnMessage("a", new byte[8], 8);

            Assert.AreEqual(1u, inbox.Dropped);
            string topic;
            Assert.AreEqual(-1, inbox.Take(new byte[4], out topic));
        }
    }
}
