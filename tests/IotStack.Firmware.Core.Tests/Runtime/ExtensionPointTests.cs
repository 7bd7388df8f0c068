#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Runtime;

namespace IotStack.Firmware.Tests.Runtime
{
    [TestClass]
    public class ExtensionPointTests
    {
        [TestMethod]
        public void Subscribe_HandlerTopic_DeliversMessagesInTickAndTicksComponent()
        {
            TestDevice device = new TestDevice();
            RecordingComponent component = new RecordingComponent();
            device.Runtime.Subscribe(device.Topics.OtaChunk, component);
            device.Runtime.AddTickable(component);
            device.Runtime.Tick();

            Assert.IsTrue(device.Mqtt.IsSubscribed(device.Topics.OtaChunk));
            device.Mqtt.Deliver(device.Topics.OtaChunk, new byte[] { 1, 2, 3 }, 3);
            Assert.AreEqual(0, component.Messages, "delivered on the main loop, not the transport thread");
            device.Runtime.Tick();

            Assert.AreEqual(1, component.Messages);
            Assert.AreEqual(3, component.LastLength);
            Assert.AreEqual(2, component.Ticks);
        }

        [TestMethod]
        public void OnMessage_InboxFull_DropsAndCounts()
        {
            TestDevice device = new TestDevice();
            RecordingComponent component = new RecordingComponent();
            device.Runtime.Subscribe(device.Topics.OtaChunk, component);
            device.Runtime.Tick();

            for (int i = 0; i < 6; i++)
            {
                device.Mqtt.Deliver(device.Topics.OtaChunk, new byte[] { 1 }, 1);
            }

            device.Runtime.Tick();
            Assert.AreEqual(4, component.Messages);
            Assert.AreEqual(2u, device.Runtime.Inbox.Dropped);
        }

        private sealed class RecordingComponent : IMessageHandler, ITickable
        {
            public int Messages;
            public int LastLength;
            public int Ticks;

            public void OnMessage(string topic, byte[] payload, int length)
            {
                Messages++;
                LastLength = length;
            }

            public void Tick(long uptimeMs)
            {
                Ticks++;
            }
        }
    }
}
