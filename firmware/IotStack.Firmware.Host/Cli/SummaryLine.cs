using System.Globalization;
using IotStack.Firmware.Host.Fleet;

namespace IotStack.Firmware.Host.Cli;

/// <summary>Formats the live one-line fleet summary; rates come from the previous snapshot.</summary>
internal static class SummaryLine
{
    public static string Format(FleetSnapshot now, FleetSnapshot before)
    {
        double seconds = Math.Max(0.001, (now.Elapsed - before.Elapsed).TotalSeconds);
        double samplesPerSecond = (now.Samples - before.Samples) / seconds;
        double messagesPerSecond = (now.Published - before.Published) / seconds;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{now.Elapsed.TotalSeconds,5:F0}s | connected {now.Connected}/{now.Devices} | {samplesPerSecond,7:F0} samples/s"
            + $" | published {now.Published} ({messagesPerSecond:F0}/s) | queued {now.Queued} | findings {now.FindingsPublished}"
            + $" | errors {now.Errors} | reboots {now.Reboots} | late ticks {now.LateTicks}");
    }
}
