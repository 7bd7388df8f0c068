using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Tests.Fakes
{
    internal sealed class FakeBoard : IBoard
    {
        public FakeBoard()
        {
            LastResetReason = ResetReason.PowerOn;
            FreeMemory = 123456;
            BoardType = "test";
        }

        public string BoardType { get; set; }

        public ResetReason LastResetReason { get; set; }

        public uint FreeMemory { get; set; }

        public int WatchdogFeeds { get; private set; }

        public bool Rebooted { get; private set; }

        public ResetReason RebootReason { get; private set; }

        public void FeedWatchdog()
        {
            WatchdogFeeds++;
        }

        public void Reboot(ResetReason reason)
        {
            Rebooted = true;
            RebootReason = reason;
        }
    }
}
