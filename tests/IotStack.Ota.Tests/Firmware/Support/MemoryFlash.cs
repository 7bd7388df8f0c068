using IotStack.Firmware.Hal;

namespace IotStack.Ota.Tests.Firmware.Support;

/// <summary>Thrown by <see cref="MemoryFlash"/> to model power failing at a chosen write.</summary>
public sealed class PowerCutException : Exception;

/// <summary>
/// In-memory flash honouring the IFlashStore contract (Replace is atomic). <see cref="CutAtWrite"/> makes
/// the Nth write throw before it happens, as a power cut would; the content survives for the next "boot".
/// </summary>
public sealed class MemoryFlash : IFlashStore
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public int Writes { get; private set; }

    /// <summary>1-based index of the write that fails; 0 for none.</summary>
    public int CutAtWrite { get; set; }

    public long FreeBytes { get; set; } = 64 * 1024 * 1024;

    public IReadOnlyCollection<string> Names
    {
        get { lock (_gate) { return _files.Keys.ToList(); } }
    }

    public byte[]? Get(string name)
    {
        lock (_gate)
        {
            return _files.TryGetValue(name, out var b) ? (byte[])b.Clone() : null;
        }
    }

    public void Set(string name, byte[] content)
    {
        lock (_gate)
        {
            _files[name] = (byte[])content.Clone();
        }
    }

    public int Length(string name)
    {
        lock (_gate)
        {
            return _files.TryGetValue(name, out var b) ? b.Length : -1;
        }
    }

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            if (!_files.TryGetValue(name, out var b) || position >= b.Length)
            {
                return 0;
            }

            int n = Math.Min(count, b.Length - position);
            Array.Copy(b, position, buffer, offset, n);
            return n;
        }
    }

    public bool Replace(string name, byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            Write();
            _files[name] = buffer.AsSpan(offset, count).ToArray();
            return true;
        }
    }

    public bool Append(string name, byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            Write();
            var old = _files.GetValueOrDefault(name) ?? [];
            _files[name] = [.. old, .. buffer.AsSpan(offset, count)];
            return true;
        }
    }

    public bool WriteAt(string name, int position, byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            Write();
            var old = _files.GetValueOrDefault(name) ?? [];
            if (position > old.Length)
            {
                return false;
            }

            var next = new byte[Math.Max(old.Length, position + count)];
            old.CopyTo(next, 0);
            Array.Copy(buffer, offset, next, position, count);
            _files[name] = next;
            return true;
        }
    }

    public void Delete(string name)
    {
        lock (_gate)
        {
            Write();
            _files.Remove(name);
        }
    }

    private void Write()
    {
        Writes++;
        if (CutAtWrite > 0 && Writes == CutAtWrite)
        {
            throw new PowerCutException();
        }
    }
}
