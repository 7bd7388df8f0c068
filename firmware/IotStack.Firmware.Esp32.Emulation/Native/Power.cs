using IotStack.Firmware.Esp32.Emulation.Board;

namespace nanoFramework.Runtime.Native;

/// <summary>
/// Power.RebootDevice of the current board. A chip resets inside this call; here it records the request and returns,
/// and whoever runs the board (the fleet, a test) resets it before the next tick (<see cref="EmulatedBoard.TakeRebootRequest"/>).
/// A call from a boot that has already ended (a timer of the firmware before the last reset) does nothing.
/// </summary>
public static class Power
{
    public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) => RebootDevice(-1, rebootOption);

    public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot)
    {
        BoardBoot boot = BoardContext.Current;
        if (boot.IsAlive)
        {
            boot.Board.RequestReboot();
        }
    }
}
