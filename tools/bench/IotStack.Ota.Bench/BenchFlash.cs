using IotStack.Firmware.Hal;

namespace IotStack.Bench;

/// <summary>In-memory flash for benchmark boards (the bench measures the link, not a disk).</summary>
internal sealed class BenchFlash : IFlashStore
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public long FreeBytes => 1L << 30;

    public int Length(string name) => _files.TryGetValue(name, out var b) ? b.Length : -1;

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        if (!_files.TryGetValue(name, out var b) || position >= b.Length)
        {
            return 0;
        }

        int n = Math.Min(count, b.Length - position);
        Array.Copy(b, position, buffer, offset, n);
        return n;
    }

    public bool Replace(string name, byte[] buffer, int offset, int count)
    {
        _files[name] = buffer.AsSpan(offset, count).ToArray();
        return true;
    }

    public bool Append(string name, byte[] buffer, int offset, int count) => WriteAt(name, Math.Max(0, Length(name)), buffer, offset, count);

    public bool WriteAt(string name, int position, byte[] buffer, int offset, int count)
    {
        var old = _files.GetValueOrDefault(name) ?? [];
        if (position > old.Length)
        {
            return false;
        }

        if (position + count > old.Length)
        {
            Array.Resize(ref old, position + count);
        }

        Array.Copy(buffer, offset, old, position, count);
        _files[name] = old;
        return true;
    }

    public void Delete(string name) => _files.Remove(name);
}
