namespace IotStack.Firmware.Esp32.Emulation.Board;

/// <summary>
/// Which board the calling code runs on. nanoFramework's APIs are static because a chip runs one application; here
/// many boards share a process, so the board is an ambient value that flows, like any AsyncLocal, into the threads and
/// timers the firmware starts. Enter it around every call into the firmware (boot, tick).
/// </summary>
public static class BoardContext
{
    private static readonly AsyncLocal<BoardBoot?> CurrentBoot = new();

    /// <summary>The running boot, or an InvalidOperationException: nanoFramework API called outside any board.</summary>
    public static BoardBoot Current => CurrentBoot.Value
        ?? throw new InvalidOperationException("nanoFramework emulation used outside a board: wrap the call in BoardContext.Enter(board)");

    public static EmulatedBoard Board => Current.Board;

    /// <summary>Runs the firmware's calls for <paramref name="board"/>'s current boot until the scope is disposed.</summary>
    public static Scope Enter(EmulatedBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        BoardBoot? previous = CurrentBoot.Value;
        CurrentBoot.Value = board.Boot;
        return new Scope(previous);
    }

    public readonly struct Scope : IDisposable
    {
        private readonly BoardBoot? previous;

        internal Scope(BoardBoot? previous)
        {
            this.previous = previous;
        }

        public void Dispose() => CurrentBoot.Value = previous;
    }
}
