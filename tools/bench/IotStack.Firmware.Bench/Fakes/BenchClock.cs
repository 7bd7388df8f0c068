using IotStack.Firmware.Hal;

namespace IotStack.Bench.Fakes;

internal sealed class BenchClock : IClock
{
    public long NowMs { get; set; } = 1767225600000;

    public long UptimeMs { get; set; }

    public void Advance(long ms)
    {
        NowMs += ms;
        UptimeMs += ms;
    }
}
