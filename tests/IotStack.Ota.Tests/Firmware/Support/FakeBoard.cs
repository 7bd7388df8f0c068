using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Firmware.Support;

public sealed class FakeBoard(string boardType) : IBoard
{
    public string BoardType { get; } = boardType;

    public ResetReason LastResetReason { get; set; } = ResetReason.PowerOn;

    public uint FreeMemory => 100_000;

    public List<ResetReason> Reboots { get; } = [];

    public void FeedWatchdog()
    {
    }

    public void Reboot(ResetReason reason)
    {
        Reboots.Add(reason);
        LastResetReason = reason;
    }
}
