#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Checks;

namespace IotStack.Firmware.Tests.Checks
{
    [TestClass]
    public class RollingStatsTests
    {
        [TestMethod]
        public void Add_LongSlidingSequence_MatchesDirectComputationOverWindow()
        {
            const int window = 10;
            RollingStats stats = new RollingStats();
            stats.Reset(window);
            double[] history = new double[3000];
            uint state = 7;
            for (int i = 0; i < history.Length; i++)
            {
                state = (state * 1664525) + 1013904223;
                history[i] = 1000.0 + (state >> 8) / 16777216.0;
                stats.Add(history[i]);

                if (i >= window - 1 && i % 97 == 0)
                {
                    double mean = 0;
                    for (int j = i - window + 1; j <= i; j++)
                    {
                        mean += history[j];
                    }

                    mean /= window;
                    double squares = 0;
                    for (int j = i - window + 1; j <= i; j++)
                    {
                        squares += (history[j] - mean) * (history[j] - mean);
                    }

                    Near.Equal(mean, stats.Mean, 1e-9, "mean at " + i.ToString());
                    Near.Equal(squares / (window - 1), stats.Variance, 1e-8, "variance at " + i.ToString());
                }
            }

            Assert.AreEqual(window, stats.Count);
        }

        [TestMethod]
        public void Variance_FewerThanTwoValues_IsZero()
        {
            RollingStats stats = new RollingStats();
            stats.Reset(4);
            stats.Add(5.0);

            Assert.AreEqual(0.0, stats.Variance);
            Assert.AreEqual(5.0, stats.Mean);
        }
    }
}
