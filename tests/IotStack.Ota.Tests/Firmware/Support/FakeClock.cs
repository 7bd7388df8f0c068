using IotStack.Firmware.Hal;

namespace IotStack.Ota.Tests.Firmware.Support;

public sealed class FakeClock : IClock
{
    public long NowMs { get; set; } = 1_700_000_000_000;

    public long UptimeMs { get; set; }

    public void Advance(long ms)
    {
        NowMs += ms;
        UptimeMs += ms;
    }
}
