using System;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Esp32.Hal
{
    /// <summary>
    /// Wall time from the RTC (set over SNTP once Wi-Fi is up: the network helper is asked to wait for a valid
    /// date) and uptime from the native tick counter, which never jumps when SNTP corrects the wall clock.
    /// </summary>
    internal sealed class Esp32Clock : IClock
    {
        private const long UnixEpochTicks = 621355968000000000L; // DateTime(1970, 1, 1).Ticks
        private const long TicksPerMs = 10000L;

        public long NowMs
        {
            get { return (DateTime.UtcNow.Ticks - UnixEpochTicks) / TicksPerMs; }
        }

        public long UptimeMs
        {
            get { return Environment.TickCount64; }
        }
    }
}
