#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Ota;
using IotStack.Firmware.Tests.Fakes;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Ota
{
    [TestClass]
    public class OtaReporterTests
    {
        [TestMethod]
        public void Flush_OfflineThenOnline_SentOnceAndClearedInFlash()
        {
            FakeFlashStore flash = new FakeFlashStore();
            CountingLink link = new CountingLink();
            OtaReporter reporter = new OtaReporter(link, flash);
            OtaRecord record = new OtaRecord();
            OtaReporter.SetPending(record, OtaState.RolledBack, 9, "1.1.0", "health check: late");

            reporter.Flush(record);
            Assert.AreEqual(0, link.Sent);

            link.Online = true;
            reporter.Flush(record);
            reporter.Flush(record);

            Assert.AreEqual(1, link.Sent);
            Assert.AreEqual((int)OtaState.RolledBack, (int)link.LastState);
            Assert.AreEqual("health check: late", link.LastReason);
            Assert.AreEqual(0, OtaRecord.Load(flash).ReportState);
        }

        [TestMethod]
        public void Percent_SameTenPercentStep_SentOnce()
        {
            CountingLink link = new CountingLink();
            link.Online = true;
            OtaReporter reporter = new OtaReporter(link, new FakeFlashStore());
            ReleaseManifest manifest = new ReleaseManifest();
            manifest.Version = "1.1.0";
            manifest.TotalSize = 200;

            reporter.Percent(1, 40, manifest);
            reporter.Percent(1, 50, manifest);
            reporter.Percent(1, 60, manifest);

            Assert.AreEqual(2, link.Sent); // 20 % and 30 %; 25 % is in the 20s step already reported
        }

        private sealed class CountingLink : IOtaLink
        {
            public bool Online { get; set; }

            public int Sent { get; private set; }

            public OtaState LastState { get; private set; }

            public string LastReason { get; private set; }

            public bool IsOnline
            {
                get { return Online; }
            }

            public bool SendRequest(OtaChunkRequest request)
            {
                return Online;
            }

            public bool SendProgress(OtaProgress progress)
            {
                if (!Online)
                {
                    return false;
                }

                Sent++;
                LastState = progress.State;
                LastReason = progress.Reason;
                return true;
            }
        }
    }
}
