using System.Diagnostics;
using IotStack.Firmware.Hal;

namespace IotStack.Ota.Tests.Support;

/// <summary>Real time for boards talking to a real broker; uptime restarts at each simulated boot.</summary>
internal sealed class SystemClock : IClock
{
    private Stopwatch _uptime = Stopwatch.StartNew();

    public long NowMs => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    public long UptimeMs => _uptime.ElapsedMilliseconds;

    public void Restart() => _uptime = Stopwatch.StartNew();
}
