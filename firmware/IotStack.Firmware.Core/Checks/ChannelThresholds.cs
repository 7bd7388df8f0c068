using IotStack.Firmware.Numerics;

namespace IotStack.Firmware.Checks
{
    /// <summary>
    /// One channel's check spec, as the gateway pushes it with SetThresholds (Protocol Command fields).
    /// NaN leaves a limit unset; <see cref="Window"/> 0 means <see cref="DefaultWindow"/>.
    /// </summary>
    internal sealed class ChannelThresholds
    {
        public const int DefaultWindow = 16;
        public const int MinWindow = 2;

        public ChannelThresholds()
        {
            Clear();
        }

        public float Min { get; set; }

        public float Max { get; set; }

        public float MaxRatePerSecond { get; set; }

        public float SigmaK { get; set; }

        public int Window { get; set; }

        public int EffectiveWindow
        {
            get { return Window == 0 ? DefaultWindow : Window; }
        }

        public bool HasMin
        {
            get { return !Num.IsNaN(Min); }
        }

        public bool HasMax
        {
            get { return !Num.IsNaN(Max); }
        }

        public bool HasRate
        {
            get { return !Num.IsNaN(MaxRatePerSecond) && MaxRatePerSecond > 0; }
        }

        public bool HasSigma
        {
            get { return !Num.IsNaN(SigmaK) && SigmaK > 0; }
        }

        public void Clear()
        {
            Min = float.NaN;
            Max = float.NaN;
            MaxRatePerSecond = float.NaN;
            SigmaK = float.NaN;
            Window = 0;
        }

        public void CopyFrom(ChannelThresholds other)
        {
            Min = other.Min;
            Max = other.Max;
            MaxRatePerSecond = other.MaxRatePerSecond;
            SigmaK = other.SigmaK;
            Window = other.Window;
        }

        /// <summary>True when the spec is usable: window within the fixed arrays, min not above max.</summary>
        public bool IsValid()
        {
            if (Window != 0 && (Window < MinWindow || Window > RollingStats.MaxWindow))
            {
                return false;
            }

            if (HasMin && HasMax && Min > Max)
            {
                return false;
            }

            if (!Num.IsNaN(MaxRatePerSecond) && MaxRatePerSecond < 0)
            {
                return false;
            }

            return Num.IsNaN(SigmaK) || SigmaK >= 0;
        }
    }
}
