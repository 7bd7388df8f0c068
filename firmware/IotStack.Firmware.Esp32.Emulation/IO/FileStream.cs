namespace IotStack.Firmware.Esp32.Emulation.IO;

/// <summary>
/// nanoFramework's System.IO.FileStream on the board's I:\ drive: a host file stream whose writes fail with an
/// IOException once the drive's capacity is reached (nothing of the refused write is stored).
/// </summary>
public sealed class FileStream : Stream
{
    private readonly System.IO.FileStream inner;

    public FileStream(string path, FileMode mode)
        : this(path, mode, mode == FileMode.Append ? FileAccess.Write : FileAccess.ReadWrite)
    {
    }

    public FileStream(string path, FileMode mode, FileAccess access)
        : this(path, mode, access, FileShare.Read)
    {
    }

    public FileStream(string path, FileMode mode, FileAccess access, FileShare share)
        : this(path, mode, access, share, 2048)
    {
    }

    public FileStream(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize)
    {
        if (!FlashDrive.IsAlive)
        {
            throw new IOException("board reset");
        }

        Name = path;
        string hostPath = FlashDrive.HostPath(path);
        if (mode is FileMode.Create or FileMode.Truncate && System.IO.File.Exists(hostPath))
        {
            // Truncating frees the old content before anything is written.
            System.IO.File.WriteAllBytes(hostPath, []);
        }

        inner = new System.IO.FileStream(hostPath, mode, access, share, bufferSize: 1);
    }

    public string Name { get; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value)
    {
        FlashDrive.EnsureRoom(value - inner.Length);
        inner.SetLength(value);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (!FlashDrive.IsAlive)
        {
            throw new IOException("board reset");
        }

        long growth = inner.Position + count - inner.Length;
        FlashDrive.EnsureRoom(growth);
        inner.Write(buffer, offset, count);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
