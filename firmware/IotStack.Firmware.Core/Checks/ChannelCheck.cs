using IotStack.Firmware.Numerics;
using IotStack.Protocol;

namespace IotStack.Firmware.Checks
{
    /// <summary>
    /// The cheap on-chip checks of one channel: static min/max, rate of change per second, and the
    /// rolling mean ± k·σ band. Each new value is tested against the statistics of the values before
    /// it and only then added to the window, so a spike is judged by the signal it interrupts rather
    /// than diluting the band it is tested against. A flagged value still enters the window: after a
    /// genuine step change the band re-learns within one window instead of firing forever.
    /// </summary>
    internal sealed class ChannelCheck
    {
        /// <summary>At most one finding per rule per value.</summary>
        public const int MaxFindingsPerValue = 3;

        /// <summary>The σ band is only tested once the window holds this many values.</summary>
        public const int MinSigmaSamples = 3;

        /// <summary>
        /// σ floor (variance 1e-4, σ = 0.01 in the channel's unit, about the finest resolution of the
        /// BME280 and SHT31): a quantised signal that sat perfectly still would otherwise flag its
        /// first change of one step.
        /// </summary>
        public const double VarianceFloor = 1e-4;

        private readonly ChannelThresholds thresholds = new ChannelThresholds();
        private readonly RollingStats stats = new RollingStats();
        private bool hasPrevious;
        private long previousTimeMs;
        private double previousValue;

        public ChannelCheck(byte channel)
        {
            Channel = channel;
            stats.Reset(thresholds.EffectiveWindow);
        }

        public byte Channel { get; private set; }

        public ChannelThresholds Thresholds
        {
            get { return thresholds; }
        }

        internal RollingStats Stats
        {
            get { return stats; }
        }

        /// <summary>Takes a new spec; the statistics restart when the window length changes.</summary>
        public void Apply(ChannelThresholds spec)
        {
            int oldWindow = thresholds.EffectiveWindow;
            thresholds.CopyFrom(spec);
            if (thresholds.EffectiveWindow != oldWindow)
            {
                stats.Reset(thresholds.EffectiveWindow);
            }
        }

        /// <summary>
        /// Tests one value and learns from it. Writes up to <see cref="MaxFindingsPerValue"/> findings
        /// into <paramref name="findings"/> (caller-owned, reused) and returns how many.
        /// </summary>
        public int Evaluate(long timeMs, float value, Finding[] findings)
        {
            int n = 0;
            if (thresholds.HasMax && value > thresholds.Max)
            {
                Fill(findings[n++], timeMs, FindingRule.AboveMax, value, thresholds.Min, thresholds.Max);
            }
            else if (thresholds.HasMin && value < thresholds.Min)
            {
                Fill(findings[n++], timeMs, FindingRule.BelowMin, value, thresholds.Min, thresholds.Max);
            }

            if (thresholds.HasRate && hasPrevious && timeMs > previousTimeMs)
            {
                // |Δv|/Δt > rate  ⇔  |Δv|·1000 > rate·Δt(ms): no division per sample.
                double change = Num.Abs(value - previousValue);
                double elapsedMs = timeMs - previousTimeMs;
                if (change * 1000.0 > thresholds.MaxRatePerSecond * elapsedMs)
                {
                    float rate = (float)((value - previousValue) * 1000.0 / elapsedMs);
                    Fill(findings[n++], timeMs, FindingRule.RateOfChange, rate, -thresholds.MaxRatePerSecond, thresholds.MaxRatePerSecond);
                }
            }

            if (thresholds.HasSigma && stats.Count >= MinSigmaSamples)
            {
                // (x - mean)² > k²·σ²: compares squares, so no square root per sample.
                double variance = stats.Variance;
                if (variance < VarianceFloor)
                {
                    variance = VarianceFloor;
                }

                double distance = value - stats.Mean;
                double k = thresholds.SigmaK;
                if (distance * distance > k * k * variance)
                {
                    double half = k * Num.Sqrt(variance);
                    Fill(findings[n++], timeMs, FindingRule.SigmaBand, value, (float)(stats.Mean - half), (float)(stats.Mean + half));
                }
            }

            stats.Add(value);
            hasPrevious = true;
            previousTimeMs = timeMs;
            previousValue = value;
            return n;
        }

        /// <summary>Forgets history (e.g. after the sensor was re-initialised); the spec stays.</summary>
        public void ResetHistory()
        {
            stats.Reset(thresholds.EffectiveWindow);
            hasPrevious = false;
        }

        private void Fill(Finding finding, long timeMs, FindingRule rule, float value, float low, float high)
        {
            finding.TimeMs = timeMs;
            finding.Channel = Channel;
            finding.Rule = rule;
            finding.Value = value;
            finding.ExpectedLow = low;
            finding.ExpectedHigh = high;
        }
    }
}
