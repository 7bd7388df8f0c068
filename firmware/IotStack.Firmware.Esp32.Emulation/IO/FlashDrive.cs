using IotStack.Firmware.Esp32.Emulation.Board;

namespace IotStack.Firmware.Esp32.Emulation.IO;

/// <summary>
/// The internal flash drive I:\ of the current board: nanoFramework paths ("I:\name") mapped to the board's host folder.
/// The drive is flat (the firmware keeps no folders) and holds <see cref="EmulatedBoard.FlashCapacityBytes"/> at most.
/// Code of a boot that has ended (a timer of the firmware before a reset) sees an empty, read-only drive.
/// </summary>
internal static class FlashDrive
{
    public const string Root = "I:\\";

    public static bool IsAlive => BoardContext.Current.IsAlive;

    public static EmulatedBoard Board => BoardContext.Board;

    /// <summary>Host path of a drive path; IOException for another drive or a sub-folder.</summary>
    public static string HostPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith(Root, StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException("no such drive: " + path);
        }

        string name = path[Root.Length..];
        if (name.Length == 0 || name.IndexOfAny(['\\', '/']) >= 0)
        {
            throw new IOException("not a file on I:\\: " + path);
        }

        return Path.Combine(Board.FlashFolder, name);
    }

    public static long UsedBytes()
    {
        long used = 0;
        foreach (string file in System.IO.Directory.EnumerateFiles(Board.FlashFolder))
        {
            used += new System.IO.FileInfo(file).Length;
        }

        return used;
    }

    /// <summary>Throws as a full flash file system does when <paramref name="growth"/> more bytes do not fit.</summary>
    public static void EnsureRoom(long growth)
    {
        if (growth > 0 && UsedBytes() + growth > Board.FlashCapacityBytes)
        {
            throw new IOException("I:\\ is full");
        }
    }
}
