using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Bench.Fakes;

internal sealed class BenchBoard : IBoard
{
    public string BoardType => "bench";

    public ResetReason LastResetReason => ResetReason.PowerOn;

    public uint FreeMemory => 100_000;

    public void FeedWatchdog()
    {
    }

    public void Reboot(ResetReason reason)
    {
    }
}
