namespace IotStack.Firmware.Esp32.Emulation.IO;

/// <summary>nanoFramework's System.IO.FileInfo on the board's I:\ drive (the members the firmware uses).</summary>
public sealed class FileInfo
{
    private readonly string hostPath;

    public FileInfo(string fileName)
    {
        FullName = fileName;
        hostPath = FlashDrive.HostPath(fileName);
    }

    public string FullName { get; }

    public bool Exists => FlashDrive.IsAlive && System.IO.File.Exists(hostPath);

    /// <summary>IOException for a missing file, as nanoFramework's native call fails.</summary>
    public long Length => Exists ? new System.IO.FileInfo(hostPath).Length : throw new IOException("file not found: " + FullName);
}
