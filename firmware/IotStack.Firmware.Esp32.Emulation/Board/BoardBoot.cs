namespace IotStack.Firmware.Esp32.Emulation.Board;

/// <summary>
/// One power-on period of an <see cref="EmulatedBoard"/>. A real reset stops every thread at once; here the threads and
/// timers the firmware started keep running until they next call into the emulation, which finds their boot ended and
/// does nothing (or stops them).
/// </summary>
public sealed class BoardBoot
{
    private volatile bool ended;

    internal BoardBoot(EmulatedBoard board)
    {
        Board = board;
    }

    public EmulatedBoard Board { get; }

    public bool IsAlive => !ended;

    internal void End() => ended = true;
}
