#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Logging;
using IotStack.Firmware.Tests.Fakes;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Logging
{
    [TestClass]
    public class LoggerTests
    {
        [TestMethod]
        public void Ship_PendingRecords_PublishesInSequenceOrderOnce()
        {
            Logger logger = Open(new FakeFlashStore(), 8, 4096);
            RecordingPublisher publisher = new RecordingPublisher();
            logger.Info("a", "one");
            logger.Warning("a", "two");
            logger.Error("b", "three");

            Assert.AreEqual(3, logger.Ship(publisher, "log", 10));
            Assert.AreEqual(0, logger.Ship(publisher, "log", 10));

            LogRecord[] records = Records(publisher);
            Assert.AreEqual(3, records.Length);
            Assert.AreEqual("one", records[0].Message);
            Assert.AreEqual(LogLevel.Error, records[2].Level);
            Assert.AreEqual(records[0].Sequence + 1, records[1].Sequence);
            Assert.AreEqual(records[1].Sequence + 1, records[2].Sequence);
        }

        [TestMethod]
        public void Log_RingOverwritesUnshippedRecords_CountsThemDropped()
        {
            Logger logger = Open(new FakeFlashStore(), 4, 4096);
            for (int i = 0; i < 10; i++)
            {
                logger.Info("a", "line " + i.ToString());
            }

            RecordingPublisher publisher = new RecordingPublisher();
            logger.Ship(publisher, "log", 100);

            Assert.AreEqual(6u, logger.Dropped);
            LogRecord[] records = Records(publisher);
            Assert.AreEqual(4, records.Length);
            Assert.AreEqual("line 6", records[0].Message);
        }

        [TestMethod]
        public void Log_FlashBoundReached_DropsOldestHalfAndCounts()
        {
            FakeFlashStore flash = new FakeFlashStore();
            Logger logger = Open(flash, 64, 1000);
            RecordingPublisher publisher = new RecordingPublisher();
            for (int i = 0; i < 100; i++)
            {
                logger.Info("test", "message number " + i.ToString());
                logger.Ship(publisher, "log", 10);
            }

            int stored = Length(flash, LogFile.NameA) + Length(flash, LogFile.NameB);
            Assert.IsTrue(stored <= 1000, "persisted log stays within its bound, was " + stored.ToString());
            Assert.IsTrue(logger.Dropped > 0, "evicted records are counted");
        }

        [TestMethod]
        public void Log_BelowPersistLevel_IsNotWrittenToFlash()
        {
            FakeFlashStore flash = new FakeFlashStore();
            Logger logger = Open(flash, 8, 4096);
            logger.Log(LogLevel.Debug, "a", "chatty");

            Assert.AreEqual(-1, flash.Length(LogFile.NameA));
            Assert.AreEqual(1, logger.Count);
        }

        [TestMethod]
        public void Open_AfterReboot_ContinuesSequencesAboveOldOnes()
        {
            FakeFlashStore flash = new FakeFlashStore();
            Logger before = Open(flash, 8, 4096);
            RecordingPublisher publisher = new RecordingPublisher();
            before.Info("a", "before");
            before.Ship(publisher, "log", 10);

            Logger after = Open(flash, 8, 4096);
            after.Info("a", "after");
            after.Ship(publisher, "log", 10);

            LogRecord[] records = Records(publisher);
            Assert.IsTrue(records[1].Sequence > records[0].Sequence);
        }

        [TestMethod]
        public void Resend_RecentRecords_ShipsThemAgain()
        {
            Logger logger = Open(new FakeFlashStore(), 8, 4096);
            RecordingPublisher publisher = new RecordingPublisher();
            logger.Info("a", "one");
            logger.Info("a", "two");
            logger.Info("a", "three");
            logger.Ship(publisher, "log", 10);

            Assert.AreEqual(2, logger.Resend(2));
            Assert.AreEqual(2, logger.Ship(publisher, "log", 10));
            LogRecord[] records = Records(publisher);
            Assert.AreEqual("two", records[3].Message);
            Assert.AreEqual("three", records[4].Message);
        }

        [TestMethod]
        public void Resend_MoreThanTheRingHolds_ReplaysOlderRecordsFromFlashFirst()
        {
            Logger logger = Open(new FakeFlashStore(), 4, 4096);
            RecordingPublisher publisher = new RecordingPublisher();
            for (int i = 0; i < 10; i++)
            {
                logger.Info("a", "r" + i.ToString());
                logger.Ship(publisher, "log", 10);
            }

            Assert.AreEqual(7, logger.Resend(7));
            Assert.AreEqual(7, logger.Ship(publisher, "log", 10));
            Assert.AreEqual(0, logger.Ship(publisher, "log", 10));

            LogRecord[] records = Records(publisher);
            Assert.AreEqual(17, records.Length);
            for (int i = 0; i < 7; i++)
            {
                Assert.AreEqual("r" + (i + 3).ToString(), records[10 + i].Message);
            }
        }

        [TestMethod]
        public void Resend_ReplayPublishFails_ResumesWhereItStopped()
        {
            Logger logger = Open(new FakeFlashStore(), 2, 4096);
            RecordingPublisher publisher = new RecordingPublisher();
            for (int i = 0; i < 5; i++)
            {
                logger.Info("a", "r" + i.ToString());
                logger.Ship(publisher, "log", 10);
            }

            Assert.AreEqual(5, logger.Resend(100));
            Assert.AreEqual(2, logger.Ship(publisher, "log", 2));
            publisher.Online = false;
            Assert.AreEqual(0, logger.Ship(publisher, "log", 10));
            publisher.Online = true;
            Assert.AreEqual(3, logger.Ship(publisher, "log", 10));

            LogRecord[] records = Records(publisher);
            Assert.AreEqual(10, records.Length);
            for (int i = 0; i < 5; i++)
            {
                Assert.AreEqual("r" + i.ToString(), records[5 + i].Message);
            }
        }

        [TestMethod]
        public void Ship_PublishFails_KeepsRecordsPending()
        {
            Logger logger = Open(new FakeFlashStore(), 8, 4096);
            RecordingPublisher publisher = new RecordingPublisher();
            publisher.Online = false;
            logger.Info("a", "one");

            Assert.AreEqual(0, logger.Ship(publisher, "log", 10));
            publisher.Online = true;
            Assert.AreEqual(1, logger.Ship(publisher, "log", 10));
        }

        private static Logger Open(FakeFlashStore flash, int ring, int fileBytes)
        {
            Logger logger = new Logger(new FakeClock(), flash, ring, fileBytes);
            logger.Open();
            return logger;
        }

        private static LogRecord[] Records(RecordingPublisher publisher)
        {
            LogRecord[] records = new LogRecord[publisher.Count];
            for (int i = 0; i < records.Length; i++)
            {
                byte[] frame = publisher.FrameAt(i);
                records[i] = new LogRecord();
                Assert.AreEqual(DecodeStatus.Ok, records[i].ReadFrom(frame, 0, frame.Length));
            }

            return records;
        }

        private static int Length(FakeFlashStore flash, string name)
        {
            int length = flash.Length(name);
            return length < 0 ? 0 : length;
        }
    }
}
