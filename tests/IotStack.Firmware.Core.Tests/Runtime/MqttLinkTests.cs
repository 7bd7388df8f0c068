#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Runtime;
using IotStack.Firmware.Tests.Fakes;

namespace IotStack.Firmware.Tests.Runtime
{
    [TestClass]
    public class MqttLinkTests
    {
        [TestMethod]
        public void Maintain_FirstCallAtBoot_ConnectsAtOnce()
        {
            FakeMqttTransport broker = new FakeMqttTransport();
            MqttLink link = new MqttLink(broker, "plant.b1", "iot/plant/b1/status", new byte[1], 1);

            Assert.IsTrue(link.Maintain(0));
            Assert.AreEqual(1, broker.ConnectCount);
        }

        [TestMethod]
        public void Maintain_BrokerLostForAFleet_FirstRetriesSpreadOverTheLossWindow()
        {
            // 50 boards lose the broker at the same moment; their first retries must not all land in the same instant.
            long earliest = long.MaxValue;
            long latest = 0;
            int distinct = 0;
            long[] seen = new long[50];
            for (int b = 0; b < 50; b++)
            {
                long at = FirstRetryAfterLoss("plant.board-" + b.ToString());
                Assert.IsTrue(at >= 0 && at < MqttLink.LossSpreadMs, "retry " + at.ToString() + " ms after the loss");
                earliest = at < earliest ? at : earliest;
                latest = at > latest ? at : latest;
                bool repeat = false;
                for (int i = 0; i < distinct; i++)
                {
                    repeat |= seen[i] == at;
                }

                if (!repeat)
                {
                    seen[distinct++] = at;
                }
            }

            Assert.IsTrue(latest - earliest >= MqttLink.LossSpreadMs / 2, "spread " + (latest - earliest).ToString() + " ms");
            Assert.IsTrue(distinct >= 40, distinct.ToString() + " distinct retry times of 50");
        }

        [TestMethod]
        public void Maintain_BrokerStaysAway_EachWaitBetweenHalfAndAllOfTheBackoffUpToTheCap()
        {
            FakeMqttTransport broker = new FakeMqttTransport();
            broker.BrokerReachable = false;
            MqttLink link = new MqttLink(broker, "plant.b7", "iot/plant/b7/status", new byte[1], 1);
            int backoff = MqttLink.MinBackoffMs;
            long last = 0;
            link.Maintain(0);
            for (int attempt = 2; attempt <= 12; attempt++)
            {
                long now = last;
                while (broker.ConnectCount < attempt)
                {
                    now += 10;
                    link.Maintain(now);
                }

                long wait = now - last;
                Assert.IsTrue(wait >= backoff / 2 && wait <= backoff + 10, "attempt " + attempt.ToString() + " waited " + wait.ToString() + " ms, backoff " + backoff.ToString());
                backoff = backoff >= MqttLink.MaxBackoffMs / 2 ? MqttLink.MaxBackoffMs : backoff * 2;
                last = now;
            }
        }

        private static long FirstRetryAfterLoss(string clientId)
        {
            FakeMqttTransport broker = new FakeMqttTransport();
            MqttLink link = new MqttLink(broker, clientId, "t", new byte[1], 1);
            link.Maintain(0);
            broker.BrokerReachable = false;
            link.Maintain(1000);
            Assert.IsTrue(link.JustLost);
            broker.BrokerReachable = true;
            long now = 1000;
            while (!link.IsConnected)
            {
                link.Maintain(now);
                now += 1;
            }

            return now - 1 - 1000;
        }
    }
}
