using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Host.Hal;

/// <summary>
/// The board's flash as a folder of files, one folder per device, with a byte budget so full storage can be
/// simulated (<see cref="CapacityBytes"/>). <see cref="Replace"/> writes a temp file and renames it over the old one
/// (rename is atomic on POSIX and NTFS), which is the contract the core relies on for settings.
/// Expected failures (full, I/O error) are false results, never exceptions.
/// </summary>
internal sealed class FolderFlashStore : IFlashStore
{
    private const string TempSuffix = ".tmp";
    private readonly object gate = new();
    private long usedBytes;

    public FolderFlashStore(string folder, long capacityBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
        CapacityBytes = capacityBytes;
        foreach (string stale in Directory.EnumerateFiles(Folder, "*" + TempSuffix))
        {
            File.Delete(stale); // a temp file is a Replace cut short: the old file is still whole
        }

        foreach (string file in Directory.EnumerateFiles(Folder))
        {
            usedBytes += new FileInfo(file).Length;
        }
    }

    public string Folder { get; }

    /// <summary>The storage size; lower it at run time to make the flash fill up.</summary>
    public long CapacityBytes { get; set; }

    /// <summary>Writes refused for lack of space or by an I/O error.</summary>
    public long FailedWrites { get; private set; }

    public long FreeBytes
    {
        get
        {
            lock (gate)
            {
                return Math.Max(0, CapacityBytes - usedBytes);
            }
        }
    }

    public int Length(string name)
    {
        string path = PathOf(name);
        lock (gate)
        {
            var info = new FileInfo(path);
            return info.Exists ? (int)info.Length : -1;
        }
    }

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        string path = PathOf(name);
        lock (gate)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
                if (position >= stream.Length)
                {
                    return 0;
                }

                stream.Position = position;
                return stream.ReadAtLeast(buffer.AsSpan(offset, count), count, throwOnEndOfStream: false);
            }
            catch (FileNotFoundException)
            {
                return 0;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }

    public bool Replace(string name, byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        string path = PathOf(name);
        string temp = path + TempSuffix;
        lock (gate)
        {
            long old = File.Exists(path) ? new FileInfo(path).Length : 0;
            if (usedBytes - old + count > CapacityBytes)
            {
                FailedWrites++;
                return false;
            }

            try
            {
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
                {
                    stream.Write(buffer, offset, count);
                }

                File.Move(temp, path, overwrite: true);
                usedBytes += count - old;
                return true;
            }
            catch (IOException)
            {
                FailedWrites++;
                return false;
            }
        }
    }

    public bool Append(string name, byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        string path = PathOf(name);
        lock (gate)
        {
            if (usedBytes + count > CapacityBytes)
            {
                FailedWrites++;
                return false;
            }

            try
            {
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
                stream.Write(buffer, offset, count);
                usedBytes += count;
                return true;
            }
            catch (IOException)
            {
                FailedWrites++;
                return false;
            }
        }
    }

    public bool WriteAt(string name, int position, byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        string path = PathOf(name);
        lock (gate)
        {
            long old = File.Exists(path) ? new FileInfo(path).Length : 0;
            if (position < 0 || position > old)
            {
                FailedWrites++;
                return false; // the contract: inside or at the end of the file, never leaving a hole
            }

            long grown = Math.Max(0, position + (long)count - old);
            if (usedBytes + grown > CapacityBytes)
            {
                FailedWrites++;
                return false;
            }

            try
            {
                using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
                stream.Position = position;
                stream.Write(buffer, offset, count);
                usedBytes += grown;
                return true;
            }
            catch (IOException)
            {
                FailedWrites++;
                return false;
            }
        }
    }

    public void Delete(string name)
    {
        string path = PathOf(name);
        lock (gate)
        {
            var info = new FileInfo(path);
            if (info.Exists)
            {
                long length = info.Length;
                info.Delete();
                usedBytes -= length;
            }
        }
    }

    private string PathOf(string name)
    {
        // Flash file names are flat: a separator or ".." would escape the device's folder.
        if (string.IsNullOrEmpty(name) || name.IndexOfAny(['/', '\\']) >= 0 || name.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a flat flash file name.", nameof(name));
        }

        return Path.Combine(Folder, name);
    }
}
