using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Tests.Fakes
{
    /// <summary>A clock the test moves by hand: wall time and uptime advance together.</summary>
    internal sealed class FakeClock : IClock
    {
        public FakeClock()
        {
            NowMs = 1767225600000; // 2026-01-01T00:00:00Z
        }

        public long NowMs { get; set; }

        public long UptimeMs { get; set; }

        public void Advance(long ms)
        {
            NowMs += ms;
            UptimeMs += ms;
        }
    }
}
