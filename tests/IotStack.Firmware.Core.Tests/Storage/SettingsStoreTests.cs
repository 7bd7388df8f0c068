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
    public class SettingsStoreTests
    {
        [TestMethod]
        public void Load_NoFile_ReturnsMissingWithDefaults()
        {
            DeviceSettings settings = new DeviceSettings();
            settings.HeartbeatSeconds = 5;

            Assert.AreEqual(SettingsLoad.Missing, new SettingsStore(new FakeFlashStore()).Load(settings));
            Assert.AreEqual(DeviceSettings.DefaultHeartbeatSeconds, settings.HeartbeatSeconds);
        }

        [TestMethod]
        public void Load_AfterSave_RestoresEveryField()
        {
            FakeFlashStore flash = new FakeFlashStore();
            DeviceSettings saved = new DeviceSettings();
            saved.HeartbeatSeconds = 30;
            saved.BatchMaxSamples = 8;
            saved.BatchMaxAgeMs = 5000;
            saved.SetSamplePeriodMs(Channel.Pressure, 2500);
            saved.Thresholds(Channel.Temperature).Min = -5f;
            saved.Thresholds(Channel.Temperature).Max = 45f;
            saved.Thresholds(Channel.Temperature).MaxRatePerSecond = 0.5f;
            saved.Thresholds(Channel.Temperature).SigmaK = 3f;
            saved.Thresholds(Channel.Temperature).Window = 24;
            Assert.IsTrue(new SettingsStore(flash).Save(saved));

            DeviceSettings loaded = new DeviceSettings();
            Assert.AreEqual(SettingsLoad.Loaded, new SettingsStore(flash).Load(loaded));

            Assert.AreEqual(30, loaded.HeartbeatSeconds);
            Assert.AreEqual(8, loaded.BatchMaxSamples);
            Assert.AreEqual(5000, loaded.BatchMaxAgeMs);
            Assert.AreEqual(2500, loaded.SamplePeriodMs(Channel.Pressure));
            Assert.AreEqual(DeviceSettings.DefaultSamplePeriodMs, loaded.SamplePeriodMs(Channel.Humidity));
            Assert.AreEqual(-5f, loaded.Thresholds(Channel.Temperature).Min);
            Assert.AreEqual(45f, loaded.Thresholds(Channel.Temperature).Max);
            Assert.AreEqual(0.5f, loaded.Thresholds(Channel.Temperature).MaxRatePerSecond);
            Assert.AreEqual(3f, loaded.Thresholds(Channel.Temperature).SigmaK);
            Assert.AreEqual(24, loaded.Thresholds(Channel.Temperature).Window);
            Assert.IsFalse(loaded.Thresholds(Channel.Humidity).HasMax);
        }

        [TestMethod]
        public void Load_OneByteFlipped_ReturnsCorruptWithDefaults()
        {
            FakeFlashStore flash = new FakeFlashStore();
            DeviceSettings saved = new DeviceSettings();
            saved.HeartbeatSeconds = 30;
            new SettingsStore(flash).Save(saved);
            flash.Get(SettingsStore.FileName)[2] ^= 0x10;

            DeviceSettings loaded = new DeviceSettings();
            Assert.AreEqual(SettingsLoad.Corrupt, new SettingsStore(flash).Load(loaded));
            Assert.AreEqual(DeviceSettings.DefaultHeartbeatSeconds, loaded.HeartbeatSeconds);
        }

        [TestMethod]
        public void Load_OtherVersionOrLength_ReturnsCorrupt()
        {
            FakeFlashStore flash = new FakeFlashStore();
            flash.Put(SettingsStore.FileName, new byte[] { 2, 0, 0 });

            Assert.AreEqual(SettingsLoad.Corrupt, new SettingsStore(flash).Load(new DeviceSettings()));
        }

        [TestMethod]
        public void Save_KnownSettings_WritesFrozenLayout()
        {
            // Boards keep this file across firmware updates: a layout change needs a new version byte.
            FakeFlashStore flash = new FakeFlashStore();
            DeviceSettings settings = new DeviceSettings();
            settings.SetSamplePeriodMs(Channel.Temperature, 2000);
            settings.Thresholds(Channel.Temperature).Max = 40f;
            settings.Thresholds(Channel.Temperature).Window = 8;
            new SettingsStore(flash).Save(settings);
            byte[] file = flash.Get(SettingsStore.FileName);

            Assert.AreEqual(167, file.Length);
            byte[] header = new byte[] { 1, 60, 0, 16, 0x10, 0x27, 0, 0, 7 };
            // Channel 1: [period u32][min f32][max f32][rate f32][k f32][window u16]. Unset limits are NaN;
            // their exact bit pattern differs between runtimes, so only NaN-ness is frozen.
            int at = header.Length;
            for (int i = 0; i < header.Length; i++)
            {
                Assert.AreEqual(header[i], file[i], "header byte " + i.ToString());
            }

            Assert.AreEqual(2000u, Wire.PeekU32(file, at));
            Assert.IsTrue(float.IsNaN(FloatBits.FromBits(Wire.PeekU32(file, at + 4))), "min unset");
            Assert.AreEqual(0x42200000u, Wire.PeekU32(file, at + 8), "max 40.0");
            Assert.IsTrue(float.IsNaN(FloatBits.FromBits(Wire.PeekU32(file, at + 12))), "rate unset");
            Assert.IsTrue(float.IsNaN(FloatBits.FromBits(Wire.PeekU32(file, at + 16))), "k unset");
            Assert.AreEqual((byte)8, file[at + 20]);
            Assert.AreEqual((byte)0, file[at + 21]);
            Assert.AreEqual(1000u, Wire.PeekU32(file, at + 22), "channel 2 starts with its default period");

            uint crc = (uint)(file[163] | (file[164] << 8) | (file[165] << 16) | (file[166] << 24));
            Assert.AreEqual(Crc32.Compute(file, 0, 163), crc);
        }

        [TestMethod]
        public void Save_StorageFull_ReturnsFalse()
        {
            FakeFlashStore flash = new FakeFlashStore();
            flash.CapacityBytes = 10;

            Assert.IsFalse(new SettingsStore(flash).Save(new DeviceSettings()));
        }
    }
}
