#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Storage;
using IotStack.Firmware.Tests.Fakes;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Storage
{
    [TestClass]
    public class FlashQueueTests
    {
        [TestMethod]
        public void Peek_AfterEnqueues_ReturnsFramesInOrder()
        {
            FlashQueue queue = Open(new FakeFlashStore(), 256, 4);
            for (uint i = 0; i < 20; i++)
            {
                Enqueue(queue, i);
            }

            Assert.AreEqual(20, queue.Depth);
            for (uint i = 0; i < 20; i++)
            {
                Assert.AreEqual(i, PopSequence(queue));
            }

            Assert.IsTrue(queue.IsEmpty);
            Assert.AreEqual(0, queue.Peek(new byte[64]));
            Assert.AreEqual(0u, queue.Dropped);
        }

        [TestMethod]
        public void Open_NewInstanceAfterCommit_ResumesAtHead()
        {
            FakeFlashStore flash = new FakeFlashStore();
            FlashQueue before = Open(flash, 256, 4);
            for (uint i = 0; i < 12; i++)
            {
                Enqueue(before, i);
            }

            PopSequence(before);
            PopSequence(before);
            PopSequence(before);
            before.Commit();

            FlashQueue after = Open(flash, 256, 4);

            Assert.AreEqual(9, after.Depth);
            for (uint i = 3; i < 12; i++)
            {
                Assert.AreEqual(i, PopSequence(after));
            }
        }

        [TestMethod]
        public void Enqueue_BeyondBound_DropsOldestAndCounts()
        {
            // A frame is 31 bytes: 8 per 256-byte segment, 4 segments.
            FlashQueue queue = Open(new FakeFlashStore(), 256, 4);
            for (uint i = 0; i < 40; i++)
            {
                Enqueue(queue, i);
            }

            Assert.IsTrue(queue.Dropped > 0, "overflow counted");
            Assert.AreEqual(40, queue.Depth + (int)queue.Dropped, "every frame either kept or counted");
            uint expected = queue.Dropped;
            while (!queue.IsEmpty)
            {
                Assert.AreEqual(expected++, PopSequence(queue), "survivors are the newest, in order");
            }

            Assert.AreEqual(40u, expected);
        }

        [TestMethod]
        public void Open_TornRecordAtTail_SkipsItAndKeepsLaterAppendsReachable()
        {
            FakeFlashStore flash = new FakeFlashStore();
            FlashQueue before = Open(flash, 256, 4);
            Enqueue(before, 1);
            Enqueue(before, 2);
            byte[] torn = new byte[10];
            Encode(99, torn);
            flash.Append("q0", torn, 0, 10); // power cut in the middle of an append

            FlashQueue after = Open(flash, 256, 4);
            Enqueue(after, 3);

            Assert.AreEqual(3, after.Depth);
            Assert.AreEqual(1u, PopSequence(after));
            Assert.AreEqual(2u, PopSequence(after));
            Assert.AreEqual(3u, PopSequence(after));
        }

        [TestMethod]
        public void Open_TornRecordWithEverySegmentFull_DropsOldestSegmentNotNewest()
        {
            FakeFlashStore flash = new FakeFlashStore();
            FlashQueue before = Open(flash, 256, 4);
            for (uint i = 0; i < 32; i++)
            {
                Enqueue(before, i); // 8 frames per segment: all 4 segments full
            }

            byte[] torn = new byte[10];
            Encode(99, torn);
            flash.Append("q3", torn, 0, 10);

            FlashQueue after = Open(flash, 256, 4);
            Enqueue(after, 32);

            Assert.AreEqual(8u, after.Dropped);
            for (uint i = 8; i <= 32; i++)
            {
                Assert.AreEqual(i, PopSequence(after));
            }

            Assert.IsTrue(after.IsEmpty);
        }

        [TestMethod]
        public void Open_DamagedMeta_StartsEmpty()
        {
            FakeFlashStore flash = new FakeFlashStore();
            FlashQueue before = Open(flash, 256, 4);
            Enqueue(before, 1);
            flash.Get("q.m")[3] ^= 0xFF;

            FlashQueue after = Open(flash, 256, 4);

            Assert.IsTrue(after.IsEmpty);
        }

        [TestMethod]
        public void Enqueue_StorageFull_ReturnsFalseAndCounts()
        {
            FakeFlashStore flash = new FakeFlashStore();
            FlashQueue queue = Open(flash, 256, 4);
            flash.CapacityBytes = flash.UsedBytes + 40;
            Enqueue(queue, 1);

            byte[] frame = new byte[64];
            Assert.IsFalse(queue.Enqueue(frame, 0, Encode(2, frame)));
            Assert.AreEqual(1u, queue.Dropped);
            Assert.AreEqual(1, queue.Depth);
        }

        private static FlashQueue Open(FakeFlashStore flash, int segmentBytes, int segments)
        {
            FlashQueue queue = new FlashQueue(flash, "q", segmentBytes, segments);
            queue.Open();
            return queue;
        }

        /// <summary>A one-sample telemetry frame whose batch sequence identifies it (31 bytes).</summary>
        private static int Encode(uint sequence, byte[] buffer)
        {
            TelemetryBatch batch = new TelemetryBatch();
            batch.Sequence = sequence;
            batch.Add(Channel.Temperature, 1000, 21.5f);
            byte[] full = new byte[batch.FrameLength];
            int length = batch.WriteTo(full, 0);
            System.Array.Copy(full, 0, buffer, 0, buffer.Length < length ? buffer.Length : length);
            return length;
        }

        private static void Enqueue(FlashQueue queue, uint sequence)
        {
            byte[] frame = new byte[64];
            Assert.IsTrue(queue.Enqueue(frame, 0, Encode(sequence, frame)));
        }

        private static uint PopSequence(FlashQueue queue)
        {
            byte[] buffer = new byte[Frame.MaxFrameSize];
            int length = queue.Peek(buffer);
            Assert.IsTrue(length > 0, "a frame is waiting");
            TelemetryBatch batch = new TelemetryBatch();
            Assert.AreEqual(DecodeStatus.Ok, batch.ReadFrom(buffer, 0, length));
            queue.Pop();
            return batch.Sequence;
        }
    }
}
