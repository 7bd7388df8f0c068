using IotStack.Firmware.Hal;

namespace IotStack.Bench.Fakes;

/// <summary>Files in preallocated RAM blocks: after warm-up, reads and writes allocate nothing.</summary>
internal sealed class BenchFlash : IFlashStore
{
    private const int FileCapacity = 64 * 1024;

    private readonly Dictionary<string, BenchFile> _files = new(StringComparer.Ordinal);

    public long FreeBytes => long.MaxValue;

    public int Length(string name) => _files.TryGetValue(name, out var file) && file.Exists ? file.Length : -1;

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        if (!_files.TryGetValue(name, out var file) || !file.Exists || position >= file.Length)
        {
            return 0;
        }

        var n = Math.Min(count, file.Length - position);
        Array.Copy(file.Data, position, buffer, offset, n);
        return n;
    }

    public bool Replace(string name, byte[] buffer, int offset, int count)
    {
        var file = Get(name);
        file.Length = 0;
        file.Exists = true;
        return WriteAt(name, 0, buffer, offset, count);
    }

    public bool Append(string name, byte[] buffer, int offset, int count) => WriteAt(name, Math.Max(Length(name), 0), buffer, offset, count);

    public bool WriteAt(string name, int position, byte[] buffer, int offset, int count)
    {
        var file = Get(name);
        var length = file.Exists ? file.Length : 0;
        if (position > length || position + count > FileCapacity)
        {
            return false;
        }

        Array.Copy(buffer, offset, file.Data, position, count);
        file.Length = Math.Max(length, position + count);
        file.Exists = true;
        return true;
    }

    public void Delete(string name)
    {
        if (_files.TryGetValue(name, out var file))
        {
            file.Exists = false;
            file.Length = 0;
        }
    }

    private BenchFile Get(string name)
    {
        if (!_files.TryGetValue(name, out var file))
        {
            file = new BenchFile();
            _files.Add(name, file);
        }

        return file;
    }

    private sealed class BenchFile
    {
        public readonly byte[] Data = new byte[FileCapacity];
        public int Length;
        public bool Exists;
    }
}
