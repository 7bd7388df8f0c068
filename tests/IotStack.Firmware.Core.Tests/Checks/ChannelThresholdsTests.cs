#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Checks;

namespace IotStack.Firmware.Tests.Checks
{
    [TestClass]
    public class ChannelThresholdsTests
    {
        [TestMethod]
        public void IsValid_UnsetSpec_IsValid()
        {
            Assert.IsTrue(new ChannelThresholds().IsValid());
        }

        [TestMethod]
        public void IsValid_MinAboveMax_IsInvalid()
        {
            ChannelThresholds spec = new ChannelThresholds();
            spec.Min = 10f;
            spec.Max = 5f;

            Assert.IsFalse(spec.IsValid());
        }

        [TestMethod]
        public void IsValid_WindowBeyondFixedArrays_IsInvalid()
        {
            ChannelThresholds spec = new ChannelThresholds();
            spec.Window = RollingStats.MaxWindow + 1;

            Assert.IsFalse(spec.IsValid());
            spec.Window = 1;
            Assert.IsFalse(spec.IsValid());
            spec.Window = RollingStats.MaxWindow;
            Assert.IsTrue(spec.IsValid());
        }

        [TestMethod]
        public void IsValid_NegativeRateOrK_IsInvalid()
        {
            ChannelThresholds spec = new ChannelThresholds();
            spec.MaxRatePerSecond = -1f;
            Assert.IsFalse(spec.IsValid());

            spec.MaxRatePerSecond = float.NaN;
            spec.SigmaK = -2f;
            Assert.IsFalse(spec.IsValid());
        }
    }
}
