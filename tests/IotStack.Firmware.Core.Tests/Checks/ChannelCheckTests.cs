#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using IotStack.Firmware.Checks;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Checks
{
    [TestClass]
    public class ChannelCheckTests
    {
        private const long Start = 1767225600000;

        [TestMethod]
        public void Evaluate_SpikeInSeries_FlagsOnlyTheSpikeWithTwoSigma()
        {
            ChannelCheck check = Check(float.NaN, float.NaN, float.NaN, 2f, 0);
            float[] series = new float[] { 25.6f, 26.2f, 26.8f, 27.3f, 100.0f, 26.5f, 25.9f };
            Finding[] findings = Findings();
            int flagged = -1;
            int total = 0;

            for (int i = 0; i < series.Length; i++)
            {
                int n = check.Evaluate(Start + (i * 1000L), series[i], findings);
                total += n;
                if (n > 0)
                {
                    flagged = i;
                    Assert.AreEqual(FindingRule.SigmaBand, findings[0].Rule);
                    Assert.AreEqual(100.0f, findings[0].Value);
                    Assert.IsTrue(findings[0].ExpectedHigh < 30f && findings[0].ExpectedLow > 23f, "band comes from the previous values only");
                }
            }

            Assert.AreEqual(4, flagged);
            Assert.AreEqual(1, total);
        }

        [TestMethod]
        public void Evaluate_CleanNoisySignal_StaysQuiet()
        {
            ChannelCheck check = Check(-10f, 50f, 1.0f, 4f, 32);
            Finding[] findings = Findings();
            uint noise = 12345;
            int total = 0;

            for (int i = 0; i < 2000; i++)
            {
                // Slow ramp up and down (±0.5 °C per 100 s) plus ±0.1 °C uniform noise.
                int phase = i % 200;
                double trend = phase < 100 ? phase * 0.005 : (200 - phase) * 0.005;
                noise = (noise * 1103515245) + 12345;
                double jitter = (((noise >> 16) & 0x7FFF) / 32767.0 * 0.2) - 0.1;
                total += check.Evaluate(Start + (i * 1000L), (float)(21.0 + trend + jitter), findings);
            }

            Assert.AreEqual(0, total);
        }

        [TestMethod]
        public void Evaluate_ConstantQuantisedSignal_DoesNotFlagOneStep()
        {
            ChannelCheck check = Check(float.NaN, float.NaN, float.NaN, 3f, 8);
            Finding[] findings = Findings();
            for (int i = 0; i < 20; i++)
            {
                check.Evaluate(Start + (i * 1000L), 21.00f, findings);
            }

            Assert.AreEqual(0, check.Evaluate(Start + 21000, 21.01f, findings));
        }

        [TestMethod]
        public void Evaluate_AboveMax_ReportsLimitsAsExpectedRange()
        {
            ChannelCheck check = Check(0f, 40f, float.NaN, float.NaN, 0);
            Finding[] findings = Findings();

            Assert.AreEqual(0, check.Evaluate(Start, 39.9f, findings));
            Assert.AreEqual(1, check.Evaluate(Start + 1000, 40.5f, findings));

            Assert.AreEqual(FindingRule.AboveMax, findings[0].Rule);
            Assert.AreEqual(40.5f, findings[0].Value);
            Assert.AreEqual(0f, findings[0].ExpectedLow);
            Assert.AreEqual(40f, findings[0].ExpectedHigh);
            Assert.AreEqual(Start + 1000, findings[0].TimeMs);
        }

        [TestMethod]
        public void Evaluate_BelowMin_ReportsBelowMin()
        {
            ChannelCheck check = Check(0f, float.NaN, float.NaN, float.NaN, 0);
            Finding[] findings = Findings();

            Assert.AreEqual(1, check.Evaluate(Start, -0.5f, findings));
            Assert.AreEqual(FindingRule.BelowMin, findings[0].Rule);
        }

        [TestMethod]
        public void Evaluate_FastChange_ReportsRatePerSecond()
        {
            ChannelCheck check = Check(float.NaN, float.NaN, 2f, float.NaN, 0);
            Finding[] findings = Findings();

            check.Evaluate(Start, 20f, findings);
            Assert.AreEqual(0, check.Evaluate(Start + 2000, 23.5f, findings), "1.75 per s is allowed");
            Assert.AreEqual(1, check.Evaluate(Start + 3000, 26f, findings), "2.5 per s is not");

            Assert.AreEqual(FindingRule.RateOfChange, findings[0].Rule);
            Near.Equal(2.5, findings[0].Value, 1e-4, "rate per second");
            Assert.AreEqual(-2f, findings[0].ExpectedLow);
            Assert.AreEqual(2f, findings[0].ExpectedHigh);
        }

        [TestMethod]
        public void Evaluate_UnsetLimits_NeverFlags()
        {
            ChannelCheck check = new ChannelCheck(Channel.Temperature);
            Finding[] findings = Findings();

            Assert.AreEqual(0, check.Evaluate(Start, -1000f, findings));
            Assert.AreEqual(0, check.Evaluate(Start + 1, 1000f, findings));
        }

        [TestMethod]
        public void Evaluate_SpikeAboveMaxAndFast_ReportsEveryRuleOnce()
        {
            ChannelCheck check = Check(0f, 40f, 5f, 2f, 8);
            Finding[] findings = Findings();
            for (int i = 0; i < 8; i++)
            {
                check.Evaluate(Start + (i * 1000L), 20f + ((i % 2) * 0.2f), findings);
            }

            int n = check.Evaluate(Start + 8000, 90f, findings);

            Assert.AreEqual(3, n);
            Assert.AreEqual(FindingRule.AboveMax, findings[0].Rule);
            Assert.AreEqual(FindingRule.RateOfChange, findings[1].Rule);
            Assert.AreEqual(FindingRule.SigmaBand, findings[2].Rule);
            Assert.AreEqual(Channel.Temperature, findings[2].Channel);
        }

        [TestMethod]
        public void Apply_NewWindow_RestartsStatistics()
        {
            ChannelCheck check = Check(float.NaN, float.NaN, float.NaN, 2f, 8);
            Finding[] findings = Findings();
            for (int i = 0; i < 5; i++)
            {
                check.Evaluate(Start + i, 20f + i, findings);
            }

            ChannelThresholds spec = new ChannelThresholds();
            spec.SigmaK = 2f;
            spec.Window = 4;
            check.Apply(spec);

            Assert.AreEqual(0, check.Stats.Count);
            Assert.AreEqual(4, check.Stats.Window);
        }

        internal static ChannelCheck Check(float min, float max, float rate, float k, int window)
        {
            ChannelThresholds spec = new ChannelThresholds();
            spec.Min = min;
            spec.Max = max;
            spec.MaxRatePerSecond = rate;
            spec.SigmaK = k;
            spec.Window = window;
            ChannelCheck check = new ChannelCheck(Channel.Temperature);
            check.Apply(spec);
            return check;
        }

        internal static Finding[] Findings()
        {
            Finding[] findings = new Finding[ChannelCheck.MaxFindingsPerValue];
            for (int i = 0; i < findings.Length; i++)
            {
                findings[i] = new Finding();
            }

            return findings;
        }
    }
}
