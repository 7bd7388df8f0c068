namespace IotStack.Firmware.Hal
{
    /// <summary>Time on the board. Tests and the virtual board drive it; nothing in the core reads DateTime directly.</summary>
    public interface IClock
    {
        /// <summary>Wall-clock time, Unix milliseconds (SNTP-set on the ESP32). Stamped on samples.</summary>
        long NowMs { get; }

        /// <summary>Monotonic milliseconds since boot. Used for periods and timeouts; never jumps.</summary>
        long UptimeMs { get; }
    }
}
