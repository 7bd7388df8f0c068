using IotStack.Firmware.Checks;
using IotStack.Firmware.Hal;
using IotStack.Firmware.Storage;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Fleet;

/// <summary>
/// What the fleet writes into each board's settings file before it boots, as a factory would: the sample period
/// from --rate, the batch size, and on-chip limits wide enough for normal weather but crossed by an injected
/// spike or drift. Written once per fleet start, not on a board's own reboot, so settings changed by command
/// survive reboots.
/// </summary>
internal static class FactorySettings
{
    public static bool Write(IFlashStore flash, double rateHz, int batchSamples)
    {
        var settings = new DeviceSettings();
        var store = new SettingsStore(flash);
        store.Load(settings); // keeps what commands changed earlier; defaults when missing or corrupt
        int periodMs = Math.Clamp((int)Math.Round(1000.0 / rateHz), DeviceSettings.MinSamplePeriodMs, DeviceSettings.MaxSamplePeriodMs);
        for (int c = 1; c <= CheckSet.MaxChannel; c++)
        {
            settings.SetSamplePeriodMs(c, periodMs);
        }

        if (batchSamples > 0)
        {
            settings.BatchMaxSamples = Math.Min(batchSamples, TelemetryBatch.MaxSamples);
        }

        Limit(settings.Thresholds(Channel.Temperature), -20f, 45f, 3f);
        Limit(settings.Thresholds(Channel.Sht31Temperature), -20f, 45f, 3f);
        Limit(settings.Thresholds(Channel.Humidity), 5f, 95f, 15f);
        Limit(settings.Thresholds(Channel.Sht31Humidity), 5f, 95f, 15f);
        Limit(settings.Thresholds(Channel.Pressure), 900f, 1080f, 10f);
        return store.Save(settings);
    }

    private static void Limit(ChannelThresholds thresholds, float min, float max, float ratePerSecond)
    {
        thresholds.Min = min;
        thresholds.Max = max;
        thresholds.MaxRatePerSecond = ratePerSecond;
    }
}
