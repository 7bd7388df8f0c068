using IotStack.Firmware.Checks;
using IotStack.Firmware.Sensors;
using IotStack.Firmware.Storage;
using IotStack.Firmware.Telemetry;
using IotStack.Protocol;

namespace IotStack.Firmware.Commands
{
    /// <summary>
    /// The ReadConfig reply: one line per setting, "key=value" pairs a person and a parser can read.
    /// Built by concatenation (nanoFramework has no StringBuilder); commands are rare, so the strings are affordable.
    /// </summary>
    internal static class ConfigText
    {
        public static string Describe(DeviceSettings settings, Sampler sampler)
        {
            string text = "heartbeat_s=" + settings.HeartbeatSeconds.ToString()
                + " batch_samples=" + settings.BatchMaxSamples.ToString()
                + " batch_age_ms=" + settings.BatchMaxAgeMs.ToString();
            for (int c = 1; c <= CheckSet.MaxChannel; c++)
            {
                int sensor = sampler.SensorOwning(c);
                if (sensor < 0)
                {
                    continue;
                }

                ChannelThresholds t = settings.Thresholds(c);
                ISensor owner = sampler.SensorAt(sensor);
                text = text + "\n" + Channel.NameOf((byte)c) + ": sensor=" + owner.Name
                    + " period_ms=" + settings.SamplePeriodMs(c).ToString()
                    + " min=" + t.Min.ToString() + " max=" + t.Max.ToString()
                    + " rate_per_s=" + t.MaxRatePerSecond.ToString()
                    + " sigma_k=" + t.SigmaK.ToString() + " window=" + t.EffectiveWindow.ToString();
            }

            return text;
        }
    }
}
