#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Ota;
using IotStack.Firmware.Ota.Loader;
using IotStack.Firmware.Tests.Ota.Support;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Ota
{
    /// <summary>
    /// The board's updater in the portable subset, so the same tests run on the host (MSTest) and on nanoFramework
    /// (NFUnitTest): offers, download, hashes, activation, probation, rollback, delta, and the loader's verdict. The
    /// host-only tests in tests/IotStack.Ota.Tests add power cuts at every write and the request window.
    /// </summary>
    [TestClass]
    public class OtaUpdaterTests
    {
        [TestMethod]
        public void HandleOffer_ValidRelease_InstallsRebootsAndConfirms()
        {
            OtaBoard device = new OtaBoard();
            TestRelease release = TestRelease.V110();

            device.Offer(release, null);
            device.RunUntilIdle();

            Assert.AreEqual("1.1.0", device.Updater.RunningVersion);
            Assert.AreEqual(1, device.Updater.ActiveSlot);
            Assert.AreEqual(1, device.Reboots);
            Assert.IsTrue(device.Board.RebootReason == ResetReason.OtaActivation);
            Assert.IsTrue(device.Link.Reported(OtaState.Installed));
            Assert.IsTrue(device.Link.Last.State == OtaState.Confirmed);
            Assert.IsTrue(device.IsBootable());
            for (int i = 0; i < release.Files.Length; i++)
            {
                Assert.IsTrue(Same(release.Files[i], device.Flash.Get(SlotFiles.Name(1, release.Manifest.Files[i].Name))));
            }
        }

        [TestMethod]
        public void HandleOffer_BadSignature_RefusedForSignatureAndNothingRequested()
        {
            OtaBoard device = new OtaBoard();
            TestRelease release = TestRelease.V110();
            byte[] forged = new byte[release.Signature.Length];
            System.Array.Copy(release.Signature, forged, forged.Length);
            forged[5] ^= 0x01;

            device.Offer(release, forged);
            device.RunUntilIdle();

            Assert.AreEqual(1, device.Link.ReportCount);
            Assert.IsTrue(device.Link.Last.State == OtaState.Failed);
            Assert.IsTrue(device.Link.Last.Reason.StartsWith("signature"), device.Link.Last.Reason);
            Assert.AreEqual(OtaBoard.FactoryVersion, device.Updater.RunningVersion);
            Assert.AreEqual(0, device.Link.Requests);
        }

        [TestMethod]
        public void HandleOffer_OtherBoard_RefusedForBoard()
        {
            OtaBoard device = new OtaBoard();
            device.Board.BoardType = "stm32";

            device.Offer(TestRelease.V110(), null);

            Assert.AreEqual(1, device.Link.ReportCount);
            Assert.IsTrue(device.Link.Last.State == OtaState.Failed);
            Assert.IsTrue(device.Link.Last.Reason.StartsWith("board"), device.Link.Last.Reason);
            Assert.AreEqual(0, device.Link.Requests);
        }

        [TestMethod]
        public void HandleOffer_BelowInstalledMinimum_RefusedAsDowngrade()
        {
            OtaBoard device = new OtaBoard();
            device.Offer(TestRelease.V200Floor150(), null);
            device.RunUntilIdle();
            Assert.AreEqual("2.0.0", device.Updater.RunningVersion);
            device.Link.ClearReports();

            device.Offer(TestRelease.V140(), null);
            device.RunUntilIdle();

            Assert.IsTrue(device.Link.Last.State == OtaState.Failed);
            Assert.IsTrue(device.Link.Last.Reason.StartsWith("downgrade"), device.Link.Last.Reason);
            Assert.AreEqual("2.0.0", device.Updater.RunningVersion);
        }

        [TestMethod]
        public void Verify_TamperedChunkWithValidCrc_RefusedForHashAndSlotCleared()
        {
            OtaBoard device = new OtaBoard();
            device.Link.TamperFile = 1;

            device.Offer(TestRelease.V110(), null);
            device.RunUntilIdle();

            Assert.IsTrue(device.Link.Last.State == OtaState.Failed);
            Assert.IsTrue(device.Link.Last.Reason.StartsWith("hash: Part1.pe"), device.Link.Last.Reason);
            Assert.AreEqual(OtaBoard.FactoryVersion, device.Updater.RunningVersion);
            Assert.AreEqual(0, device.Reboots);
            Assert.AreEqual(-1, device.Flash.Length(SlotFiles.Name(1, "Part0.pe")));
            Assert.AreEqual(-1, device.Flash.Length(SlotFiles.Name(1, "Part1.pe")));
        }

        [TestMethod]
        public void Download_TruncatedSource_FailsWithTransferReasonAndResumesWhenOfferedAgain()
        {
            OtaBoard device = new OtaBoard();
            TestRelease release = TestRelease.V110();
            device.Link.TruncateAt = 2000;

            device.Offer(release, null);
            device.RunUntilIdle();

            Assert.IsTrue(device.Link.Last.State == OtaState.Failed);
            Assert.IsTrue(device.Link.Last.Reason.StartsWith("transfer: no data for Part0.pe at offset 2000"), device.Link.Last.Reason);
            Assert.AreEqual(OtaBoard.FactoryVersion, device.Updater.RunningVersion);

            device.Link.TruncateAt = -1;
            long before = device.Link.BytesServed;
            device.Offer(release, null);
            device.RunUntilIdle();

            Assert.AreEqual("1.1.0", device.Updater.RunningVersion);
            Assert.AreEqual((long)release.Manifest.TotalSize - 2000, device.Link.BytesServed - before);
        }

        [TestMethod]
        public void Probation_NeverOnlineBeforeDeadline_RollsBackAndRefusesSameReleaseAgain()
        {
            OtaBoard device = new OtaBoard();
            TestRelease release = TestRelease.V110();
            device.Offer(release, null);
            device.RunUntilReboot();

            device.Restart();
            device.Link.IsOnline = false; // the new image never gets its connection up
            Assert.IsTrue(device.Updater.Step == OtaStep.Trial);
            device.Clock.Advance(device.Options.HealthDeadlineMs + 1);
            device.Updater.Tick();
            Assert.IsTrue(device.Updater.RebootRequested);
            device.Restart();
            device.Link.IsOnline = true;
            device.Updater.Tick();

            Assert.AreEqual(OtaBoard.FactoryVersion, device.Updater.RunningVersion);
            Assert.AreEqual(0, device.Updater.ActiveSlot);
            Assert.IsTrue(device.Link.Last.State == OtaState.RolledBack);
            Assert.IsTrue(device.Link.Last.Reason.StartsWith("health check"), device.Link.Last.Reason);

            device.Offer(release, null);
            Assert.IsTrue(device.Link.Last.State == OtaState.RolledBack);
            Assert.IsTrue(device.Updater.Step == OtaStep.Idle);
        }

        [TestMethod]
        public void Boot_NewImageRebootLoops_RollsBackAfterTrialBootCap()
        {
            OtaBoard device = new OtaBoard();
            device.Offer(TestRelease.V110(), null);
            device.RunUntilReboot();

            // The new image crashes before its main loop runs: boot after boot, nothing ticks.
            device.Restart();
            for (int boot = 0; boot <= device.Options.MaxTrialBoots && !device.Updater.RebootRequested; boot++)
            {
                device.Restart();
            }

            Assert.IsTrue(device.Updater.RebootRequested);
            device.Restart();
            device.Updater.Tick();
            Assert.AreEqual(OtaBoard.FactoryVersion, device.Updater.RunningVersion);
            Assert.IsTrue(device.Link.Last.State == OtaState.RolledBack);
            Assert.IsTrue(device.Link.Last.Reason.StartsWith("reboot loop"), device.Link.Last.Reason);
            Assert.IsTrue(device.IsBootable());
        }

        [TestMethod]
        public void Download_SecondReleaseSharingFiles_FetchesOnlyChangedFile()
        {
            OtaBoard device = new OtaBoard();
            device.Offer(TestRelease.V110(), null);
            device.RunUntilIdle();
            TestRelease second = TestRelease.V120Delta();

            device.Restart();
            long before = device.Link.BytesServed;
            device.Offer(second, null);
            device.RunUntilIdle();

            Assert.AreEqual("1.2.0", device.Updater.RunningVersion);
            Assert.AreEqual((long)second.Files[1].Length, device.Link.BytesServed - before);
            Assert.IsTrue(device.IsBootable());
        }

        [TestMethod]
        public void Resume_StepReenteredPastCap_GivesUpAndKeepsOldVersion()
        {
            OtaBoard device = new OtaBoard();
            device.Offer(TestRelease.V110(), null);
            Assert.IsTrue(device.Updater.Step == OtaStep.Downloading);

            for (int i = 0; i <= device.Options.MaxStepEntries; i++)
            {
                device.Restart(); // crashes while downloading, again and again
            }

            device.Updater.Tick();
            Assert.IsTrue(device.Updater.Step == OtaStep.Idle);
            Assert.IsTrue(device.Link.Last.State == OtaState.Failed);
            Assert.IsTrue(device.Link.Last.Reason.StartsWith("restart loop"), device.Link.Last.Reason);
            Assert.AreEqual(OtaBoard.FactoryVersion, device.Updater.RunningVersion);
        }

        /// <summary>
        /// The loader gives up on a release that never confirms and starts the previous slot before the application runs:
        /// the previous application's updater finds its record still on probation for a release the boot record rejected,
        /// and reports the rollback with the loader's reason instead of taking the release as confirmed.
        /// </summary>
        [TestMethod]
        public void Boot_LoaderStartedPreviousSlot_ReportsRolledBackWithLoadersReason()
        {
            OtaBoard device = new OtaBoard();
            device.Offer(TestRelease.V110(), null);
            device.RunUntilIdle();
            TestRelease second = TestRelease.V120Delta();
            device.Restart();
            device.Offer(second, null);
            device.RunUntilReboot();
            device.Link.ClearReports();

            AcceptingLoader runtime = new AcceptingLoader();
            SlotLoader loader = new SlotLoader(device.Flash, runtime, SlotLoader.DefaultMaxAttempts);
            for (int boot = 0; boot < SlotLoader.DefaultMaxAttempts; boot++)
            {
                Assert.IsTrue(loader.Boot() == LoaderOutcome.Started);
                device.Restart(); // 1.2.0 starts and hangs before its health check passes: the watchdog resets the board
            }

            Assert.IsTrue(loader.Boot() == LoaderOutcome.StartedPrevious);
            device.Restart();
            device.Updater.Tick();

            Assert.AreEqual("1.1.0", device.Updater.RunningVersion);
            Assert.AreEqual(1, device.Updater.ActiveSlot);
            Assert.IsTrue(device.Updater.Step == OtaStep.Idle);
            Assert.IsTrue(device.Link.Last.State == OtaState.RolledBack);
            Assert.AreEqual(second.TransferId, device.Link.Last.TransferId);
            Assert.AreEqual("loader: release 1.2.0 booted 3 times without passing its health check", device.Link.Last.Reason);

            device.Link.ClearReports();
            device.Offer(second, null);
            Assert.IsTrue(device.Link.Last.State == OtaState.RolledBack);
            Assert.IsTrue(device.Updater.Step == OtaStep.Idle);
            Assert.AreEqual("1.1.0", device.Updater.RunningVersion);
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Assembly.Load and the entry point, always succeeding: the release fails later, after it started.</summary>
        private sealed class AcceptingLoader : IAssemblyLoader
        {
            public bool Load(string name, byte[] image)
            {
                return true;
            }

            public bool Start()
            {
                return true;
            }
        }
    }
}
