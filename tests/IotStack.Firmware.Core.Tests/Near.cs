#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace IotStack.Firmware.Tests
{
    /// <summary>Tolerance comparison both test frameworks accept (nanoFramework's Assert has no delta overloads).</summary>
    internal static class Near
    {
        public static void Equal(double expected, double actual, double tolerance, string what)
        {
            double diff = expected - actual;
            if (diff < 0)
            {
                diff = -diff;
            }

            Assert.IsTrue(diff <= tolerance, what + ": expected " + expected.ToString() + " ± " + tolerance.ToString() + ", got " + actual.ToString());
        }
    }
}
