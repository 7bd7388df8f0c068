#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System.Collections;
using IotStack.Firmware.Ota;
using IotStack.Firmware.Ota.Loader;
using IotStack.Firmware.Tests.Fakes;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Ota.Loader
{
    [TestClass]
    public class SlotLoaderTests
    {
        private const uint OldTransfer = 3;
        private const uint NewTransfer = 7;

        [TestMethod]
        public void Boot_ReleaseFailsItsHealthCheckThreeTimes_PreviousSlotBoots()
        {
            FakeFlashStore flash = new FakeFlashStore();
            Install(flash, 0, "1.0.0", new string[] { "Lib.pe", "App.pe" }, 1);
            Install(flash, 1, "2.0.0", new string[] { "Lib.pe", "Extra.pe", "App.pe" }, 2);
            SwitchTo(flash, 1, NewTransfer, "2.0.0", 0, OldTransfer, "1.0.0");
            RecordingLoader runtime = new RecordingLoader();
            SlotLoader loader = new SlotLoader(flash, runtime, SlotLoader.DefaultMaxAttempts);

            // The new release starts each time but never confirms (its health check fails, the app restarts the board).
            for (int boot = 1; boot <= 3; boot++)
            {
                runtime.Clear();
                Assert.AreEqual(LoaderOutcome.Started, loader.Boot());
                Assert.AreEqual("s1:Lib.pe,s1:Extra.pe,s1:App.pe,start", runtime.Describe());
            }

            runtime.Clear();
            Assert.AreEqual(LoaderOutcome.StartedPrevious, loader.Boot());
            Assert.AreEqual("s0:Lib.pe,s0:App.pe,start", runtime.Describe());

            BootRecord record = BootRecord.Load(flash);
            Assert.AreEqual(0, record.ActiveSlot);
            Assert.AreEqual("1.0.0", record.Version);
            Assert.AreEqual(NewTransfer, record.RejectedTransfer);
            Assert.IsFalse(record.Trial);

            runtime.Clear();
            Assert.AreEqual(LoaderOutcome.Started, loader.Boot());
            Assert.AreEqual("s0:Lib.pe,s0:App.pe,start", runtime.Describe());
        }

        [TestMethod]
        public void Boot_ConfirmedRelease_StartsWithoutCountingAttempts()
        {
            FakeFlashStore flash = new FakeFlashStore();
            Install(flash, 0, "1.0.0", new string[] { "App.pe" }, 1);
            Install(flash, 1, "2.0.0", new string[] { "App.pe" }, 2);
            SwitchTo(flash, 1, NewTransfer, "2.0.0", 0, OldTransfer, "1.0.0");
            BootRecord record = BootRecord.Load(flash);
            record.Trial = false; // the application passed its health check
            record.Save(flash);
            RecordingLoader runtime = new RecordingLoader();
            SlotLoader loader = new SlotLoader(flash, runtime, SlotLoader.DefaultMaxAttempts);

            for (int boot = 0; boot < 5; boot++)
            {
                runtime.Clear();
                Assert.AreEqual(LoaderOutcome.Started, loader.Boot());
                Assert.AreEqual("s1:App.pe,start", runtime.Describe());
            }
        }

        [TestMethod]
        public void Boot_DamagedAssemblyOnProbation_FallsBackAtOnce()
        {
            FakeFlashStore flash = new FakeFlashStore();
            Install(flash, 0, "1.0.0", new string[] { "App.pe" }, 1);
            Install(flash, 1, "2.0.0", new string[] { "App.pe" }, 2);
            SwitchTo(flash, 1, NewTransfer, "2.0.0", 0, OldTransfer, "1.0.0");
            byte[] damaged = flash.Get("s1.App.pe");
            damaged[3] ^= 0x40;
            flash.Put("s1.App.pe", damaged);
            RecordingLoader runtime = new RecordingLoader();

            Assert.AreEqual(LoaderOutcome.StartedPrevious, new SlotLoader(flash, runtime, 3).Boot());

            Assert.AreEqual("s0:App.pe,start", runtime.Describe());
        }

        [TestMethod]
        public void Boot_ApplicationDoesNotStartOnProbation_FallsBack()
        {
            FakeFlashStore flash = new FakeFlashStore();
            Install(flash, 0, "1.0.0", new string[] { "App.pe" }, 1);
            Install(flash, 1, "2.0.0", new string[] { "App.pe" }, 2);
            SwitchTo(flash, 1, NewTransfer, "2.0.0", 0, OldTransfer, "1.0.0");
            RecordingLoader runtime = new RecordingLoader();
            runtime.FailStartOfSlot = 1;

            Assert.AreEqual(LoaderOutcome.StartedPrevious, new SlotLoader(flash, runtime, 3).Boot());

            Assert.AreEqual(0, BootRecord.Load(flash).ActiveSlot);
        }

        /// <summary>The virtual board's first update: the image before it is the built-in firmware, which no slot holds.</summary>
        [TestMethod]
        public void Boot_FirstReleaseAfterFactoryImageNeverConfirms_RecordBackToFactoryAndNothingToStart()
        {
            FakeFlashStore flash = new FakeFlashStore();
            Install(flash, 1, "2.0.0", new string[] { "App.pe" }, 2);
            flash.Put("manifest.0", new byte[0]);
            SwitchTo(flash, 1, NewTransfer, "2.0.0", 0, 0, "1.0.0");
            SlotLoader loader = new SlotLoader(flash, new RecordingLoader(), 3);
            for (int boot = 0; boot < 3; boot++)
            {
                Assert.AreEqual(LoaderOutcome.Started, loader.Boot());
            }

            Assert.AreEqual(LoaderOutcome.NoApplication, loader.Boot());

            BootRecord record = BootRecord.Load(flash);
            Assert.AreEqual("1.0.0", record.Version);
            Assert.AreEqual(0, record.Manifest.Length);
            Assert.AreEqual(NewTransfer, record.RejectedTransfer);
            Assert.IsFalse(record.Trial);
            Assert.AreEqual("release 2.0.0 booted 3 times without passing its health check", loader.Problem);
        }

        [TestMethod]
        public void Boot_FactoryRecord_HasNoApplicationToStart()
        {
            FakeFlashStore flash = new FakeFlashStore();
            BootRecord.Factory("1.0.0").Save(flash);

            Assert.AreEqual(LoaderOutcome.NoApplication, new SlotLoader(flash, new RecordingLoader(), 3).Boot());
        }

        /// <summary>Writes a release's files into a slot, as the updater leaves them after a verified download.</summary>
        private static byte[] Install(FakeFlashStore flash, int slot, string version, string[] files, byte seed)
        {
            ReleaseManifest manifest = new ReleaseManifest();
            manifest.Version = version;
            manifest.Board = "esp32";
            manifest.MinimumVersion = "";
            manifest.Files = new ManifestFile[files.Length];
            uint total = 0;
            for (int i = 0; i < files.Length; i++)
            {
                byte[] content = new byte[100 + (i * 37)];
                for (int b = 0; b < content.Length; b++)
                {
                    content[b] = (byte)(b == 0 ? seed : seed + (b * 7) + i); // first byte names the slot for the recorder
                }

                flash.Put(SlotFiles.Name(slot, files[i]), content);
                ManifestFile file = new ManifestFile();
                file.Name = files[i];
                file.Size = (uint)content.Length;
                byte[] digest = Sha256.Hash(content, 0, content.Length);
                System.Array.Copy(digest, 0, file.Sha256, 0, digest.Length);
                manifest.Files[i] = file;
                total += (uint)content.Length;
            }

            manifest.TotalSize = total;
            byte[] bytes = manifest.ToBytes();
            flash.Put("manifest." + slot.ToString(), bytes);
            return bytes;
        }

        /// <summary>The boot record as the updater writes it when it activates a release: new slot on probation.</summary>
        private static void SwitchTo(FakeFlashStore flash, int slot, uint transfer, string version, int previousSlot, uint previousTransfer, string previousVersion)
        {
            BootRecord record = BootRecord.Factory(previousVersion);
            record.ActiveSlot = slot;
            record.ActiveTransfer = transfer;
            record.Version = version;
            record.Manifest = flash.Get("manifest." + slot.ToString());
            record.Trial = true;
            record.PreviousSlot = previousSlot;
            record.PreviousTransfer = previousTransfer;
            record.PreviousVersion = previousVersion;
            record.PreviousManifest = flash.Get("manifest." + previousSlot.ToString());
            Assert.IsTrue(record.Save(flash));
        }

        /// <summary>Stands in for Assembly.Load(byte[]) and the entry-point call: records what it was asked to do.</summary>
        private sealed class RecordingLoader : IAssemblyLoader
        {
            private readonly ArrayList steps = new ArrayList();
            private int lastSlot = -1;

            public int FailStartOfSlot { get; set; } = -1;

            public bool Load(string name, byte[] image)
            {
                // The slot is recognisable from the test's content: first byte = seed + 0 = slot + 1.
                lastSlot = image[0] - 1;
                steps.Add("s" + lastSlot.ToString() + ":" + name);
                return true;
            }

            public bool Start()
            {
                steps.Add("start");
                return lastSlot != FailStartOfSlot;
            }

            public void Clear()
            {
                steps.Clear();
                lastSlot = -1;
            }

            public string Describe()
            {
                string text = "";
                for (int i = 0; i < steps.Count; i++)
                {
                    text += (i == 0 ? "" : ",") + (string)steps[i];
                }

                return text;
            }
        }
    }
}
