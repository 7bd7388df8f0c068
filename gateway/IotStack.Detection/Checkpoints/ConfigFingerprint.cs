namespace IotStack.Detection.Checkpoints;

/// <summary>
/// A 64-bit FNV-1a hash of every setting of a detector set (<see cref="ChannelDetectionSpec.Fingerprint"/>), in a
/// fixed order, with a tag per section so an option moved between sections or turned off changes it. Stored in a
/// checkpoint's header: a state learnt under other settings is refused and the series warms up instead. Stable
/// across processes and machines (string.GetHashCode is not).
/// </summary>
internal struct ConfigFingerprint
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    private ulong _hash;

    public ConfigFingerprint()
    {
        _hash = Offset;
    }

    public readonly ulong Value => _hash;

    public void Add(long value)
    {
        ulong v = (ulong)value;
        for (int i = 0; i < sizeof(long); i++)
        {
            _hash = (_hash ^ (byte)(v >> (8 * i))) * Prime;
        }
    }

    public void Add(int value) => Add((long)value);

    public void Add(double value) => Add(BitConverter.DoubleToInt64Bits(value));

    public void Add(bool value) => Add(value ? 1L : 0L);

    public void Add(double? value)
    {
        Add(value.HasValue);
        Add(value ?? 0);
    }

    /// <summary>Starts a section: its tag and whether it is on (its settings follow when it is).</summary>
    public void Section(int tag, bool present)
    {
        Add(tag);
        Add(present);
    }
}
