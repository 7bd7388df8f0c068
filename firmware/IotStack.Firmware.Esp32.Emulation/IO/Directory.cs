namespace IotStack.Firmware.Esp32.Emulation.IO;

/// <summary>nanoFramework's System.IO.Directory on the board's I:\ drive (the members the firmware uses).</summary>
public static class Directory
{
    public static bool Exists(string path) => string.Equals(path, FlashDrive.Root, StringComparison.OrdinalIgnoreCase) || string.Equals(path, "I:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Full nanoFramework paths ("I:\name") of the files on the drive.</summary>
    public static string[] GetFiles(string path)
    {
        if (!Exists(path))
        {
            throw new IOException("no such folder: " + path);
        }

        if (!FlashDrive.IsAlive)
        {
            return [];
        }

        return System.IO.Directory.GetFiles(FlashDrive.Board.FlashFolder)
            .Select(file => FlashDrive.Root + Path.GetFileName(file))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
