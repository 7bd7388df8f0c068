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
        _throttle = new SignInThrottle(new ConsoleOptions { MaxSignInFailures = 3, SignInWindow = TimeSpan.FromMinutes(10), SignInDelay = TimeSpan.FromSeconds(5), MaxSignInDelay = TimeSpan.FromSeconds(30) }, _time);

    [Fact]
    public void LockedUntil_MaxFailuresReached_DelayAfterLastFailureDoublesUpToCap()
    {
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(_throttle.LockedUntil("olga", Laptop));
            _throttle.Failed("olga", Laptop);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        DateTimeOffset lastFailure = _time.GetUtcNow().AddSeconds(-1);
        Assert.Equal(lastFailure.AddSeconds(5), _throttle.LockedUntil("OLGA", Laptop));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Null(_throttle.LockedUntil("olga", Laptop));

        _throttle.Failed("olga", Laptop);
        Assert.Equal(_time.GetUtcNow().AddSeconds(10), _throttle.LockedUntil("olga", Laptop));
        for (int i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            _throttle.Failed("olga", Laptop);
        }

        Assert.Equal(_time.GetUtcNow().AddSeconds(30), _throttle.LockedUntil("olga", Laptop));
    }

    [Fact]
    public void LockedUntil_FailingOnPurposeForTheWholeWindow_NeverLocksOutLongerThanCap()
    {
        // A local process guessing as fast as it is let through: the real user never waits more than the cap.
        DateTimeOffset end = _time.GetUtcNow().AddMinutes(20);
        while (_time.GetUtcNow() < end)
        {
            if (_throttle.LockedUntil("olga", Laptop) is { } until)
            {
                Assert.True(until - _time.GetUtcNow() <= TimeSpan.FromSeconds(30));
            }
            else
            {
                _throttle.Failed("olga", Laptop);
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }
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
