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
    public class SlotActivationTests
    {
        [TestMethod]
        public void SwitchThenRollBack_BootsPreviousSlotAndRemembersRejectedTransfer()
        {
            FakeFlashStore flash = new FakeFlashStore();
            SlotActivation activation = new SlotActivation(flash, "1.0.0");
            activation.Load();
            ReleaseManifest manifest = new ReleaseManifest();
            manifest.Version = "1.1.0";
            manifest.MinimumVersion = "1.0.5";

            Assert.IsTrue(activation.Switch(7, 1, manifest, new byte[] { 1, 2, 3 }));
            BootRecord switched = BootRecord.Load(flash);
            Assert.AreEqual(1, switched.ActiveSlot);
            Assert.AreEqual("1.1.0", switched.Version);
            Assert.AreEqual("1.0.5", switched.Floor);
            Assert.IsTrue(switched.Trial);

            ReleaseManifest rolledBack;
            Assert.IsTrue(activation.RollBack(7, out rolledBack));
            BootRecord restored = BootRecord.Load(flash);
            Assert.AreEqual(0, restored.ActiveSlot);
            Assert.AreEqual("1.0.0", restored.Version);
            Assert.AreEqual("", restored.Floor);
            Assert.AreEqual((uint)7, restored.RejectedTransfer);
            Assert.IsFalse(restored.Trial);
            Assert.IsFalse(activation.RollBack(7, out rolledBack));
        }
    }
}
