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
    public class OutboxTests
    {
        [TestMethod]
        public void SendBatch_Online_PublishesLiveWithoutReplayFlag()
        {
            RecordingPublisher publisher = new RecordingPublisher();
            Outbox outbox = NewOutbox(publisher);

            Assert.IsTrue(outbox.SendBatch(Batch(1)));

            Assert.AreEqual(1, publisher.Count);
            Assert.AreEqual("t", publisher.TopicAt(0));
            Assert.AreEqual((byte)0, Decode(publisher.FrameAt(0)).Flags);
            Assert.IsTrue(outbox.Queue.IsEmpty);
        }

        [TestMethod]
        public void SendBatch_PublishNotAcknowledged_StoresWithReplayFlag()
        {
            RecordingPublisher publisher = new RecordingPublisher();
            publisher.Failing = true;
            Outbox outbox = NewOutbox(publisher);

            Assert.IsTrue(outbox.SendBatch(Batch(1)));

            Assert.AreEqual(1, outbox.Queue.Depth);
            publisher.Failing = false;
            Assert.AreEqual(1, outbox.Drain(8));
            TelemetryBatch replayed = Decode(publisher.FrameAt(0));
            Assert.AreEqual(1u, replayed.Sequence);
            Assert.AreEqual(TelemetryBatch.FlagReplayed, replayed.Flags);
        }

        [TestMethod]
        public void SendFinding_WhileBatchesQueued_QueuesBehindThemAndReplaysOnFindingTopic()
        {
            RecordingPublisher publisher = new RecordingPublisher();
            publisher.Online = false;
            Outbox outbox = NewOutbox(publisher);
            outbox.SendBatch(Batch(1));
            publisher.Online = true;
            Finding finding = new Finding();
            finding.Channel = Channel.Humidity;
            finding.Rule = FindingRule.AboveMax;

            outbox.SendFinding(finding);
            outbox.SendBatch(Batch(2));
            outbox.Drain(8);

            Assert.AreEqual(3, publisher.Count);
            Assert.AreEqual("t", publisher.TopicAt(0));
            Assert.AreEqual("f", publisher.TopicAt(1));
            Assert.AreEqual(2u, Decode(publisher.FrameAt(2)).Sequence);
        }

        [TestMethod]
        public void Drain_BoundPerCall_SendsAtMostMax()
        {
            RecordingPublisher publisher = new RecordingPublisher();
            publisher.Online = false;
            Outbox outbox = NewOutbox(publisher);
            for (uint i = 0; i < 5; i++)
            {
                outbox.SendBatch(Batch(i));
            }

            publisher.Online = true;

            Assert.AreEqual(3, outbox.Drain(3));
            Assert.AreEqual(2, outbox.Queue.Depth);
        }

        private static Outbox NewOutbox(RecordingPublisher publisher)
        {
            FlashQueue queue = new FlashQueue(new FakeFlashStore(), "q", 1024, 4);
            queue.Open();
            return new Outbox(publisher, queue, "t", "f");
        }

        private static TelemetryBatch Batch(uint sequence)
        {
            TelemetryBatch batch = new TelemetryBatch();
            batch.Sequence = sequence;
            batch.Add(Channel.Temperature, 1000, 20f);
            batch.Add(Channel.Humidity, 1000, 45f);
            return batch;
        }

        private static TelemetryBatch Decode(byte[] frame)
        {
            TelemetryBatch batch = new TelemetryBatch();
            Assert.AreEqual(DecodeStatus.Ok, batch.ReadFrom(frame, 0, frame.Length));
            return batch;
        }
    }
}
