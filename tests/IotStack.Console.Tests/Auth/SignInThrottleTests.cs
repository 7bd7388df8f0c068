using System.Net;
using IotStack.Gateway.Auth;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Console.Tests.Auth;

public sealed class SignInThrottleTests
{
    private static readonly IPAddress Laptop = IPAddress.Parse("192.0.2.10");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() =>
        _throttle = new SignInThrottle(new ConsoleOptions { MaxSignInFailures = 3, SignInWindow = TimeSpan.FromMinutes(10) }, _time);

    [Fact]
    public void LockedUntil_MaxFailuresReached_LockedUntilOldestFailureLeavesWindow()
    {
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(_throttle.LockedUntil("olga", Laptop));
            _throttle.Failed("olga", Laptop);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(_time.GetUtcNow().AddMinutes(-3).AddMinutes(10), _throttle.LockedUntil("OLGA", Laptop));
        _time.Advance(TimeSpan.FromMinutes(7) - TimeSpan.FromSeconds(1));
        Assert.NotNull(_throttle.LockedUntil("olga", Laptop));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_throttle.LockedUntil("olga", Laptop));
    }

    [Fact]
    public void LockedUntil_OtherAddressOrUser_NotLocked()
    {
        for (int i = 0; i < 3; i++)
        {
            _throttle.Failed("olga", Laptop);
        }

        Assert.Null(_throttle.LockedUntil("olga", IPAddress.Loopback));
        Assert.Null(_throttle.LockedUntil("vic", Laptop));
    }

    [Fact]
    public void Succeeded_BeforeLimit_ClearsFailures()
    {
        _throttle.Failed("olga", Laptop);
        _throttle.Failed("olga", Laptop);
        _throttle.Succeeded("olga", Laptop);
        _throttle.Failed("olga", Laptop);
        _throttle.Failed("olga", Laptop);

        Assert.Null(_throttle.LockedUntil("olga", Laptop));
    }
}
