using IotStack.Firmware.Host.Hal;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Firmware.Host.Tests.Hal;

public sealed class HostClockTests
{
    [Fact]
    public void Restart_UptimeStartsAgainWallClockKeepsGoing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var clock = new HostClock(time);
        time.Advance(TimeSpan.FromSeconds(90));

        clock.Restart();
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(2000, clock.UptimeMs);
        Assert.Equal(1_700_000_092_000, clock.NowMs);
    }
}
