namespace IotStack.Firmware.Esp32.Emulation.IO;

/// <summary>nanoFramework's System.IO.File on the board's I:\ drive (the members the firmware uses).</summary>
public static class File
{
    public static bool Exists(string path) => FlashDrive.IsAlive && System.IO.File.Exists(FlashDrive.HostPath(path));

    public static void Delete(string path)
    {
        if (FlashDrive.IsAlive)
        {
            System.IO.File.Delete(FlashDrive.HostPath(path));
        }
    }

    /// <summary>Unlike .NET's, nanoFramework's Move refuses an existing destination (IOException).</summary>
    public static void Move(string sourceFileName, string destFileName)
    {
        if (!FlashDrive.IsAlive)
        {
            return;
        }

        string source = FlashDrive.HostPath(sourceFileName);
        string destination = FlashDrive.HostPath(destFileName);
        if (System.IO.File.Exists(destination))
        {
            throw new IOException("destination exists: " + destFileName);
        }

        System.IO.File.Move(source, destination);
    }

    public static byte[] ReadAllBytes(string path) =>
        FlashDrive.IsAlive ? System.IO.File.ReadAllBytes(FlashDrive.HostPath(path)) : throw new IOException("board reset");
}
