namespace IotStack.Firmware.Host.Cli;

/// <summary>
/// The telemetry sequence numbers seen from one device, in arrival order: tells gaps (lost), repeats (duplicates,
/// expected with QoS 1 after a lost PUBACK) and numbers that arrived after a higher one (out of order).
/// </summary>
internal sealed class SequenceTracker
{
    private readonly HashSet<uint> seen = [];
    private uint min = uint.MaxValue;
    private uint max;

    public long Received { get; private set; }

    public long Duplicates { get; private set; }

    public long OutOfOrder { get; private set; }

    public long Replayed { get; private set; }

    public int Distinct => seen.Count;

    /// <summary>Numbers between the lowest and highest seen that never arrived.</summary>
    public long Missing => seen.Count == 0 ? 0 : ((long)max - min + 1) - seen.Count;

    public void Add(uint sequence, bool replayed)
    {
        Received++;
        Replayed += replayed ? 1 : 0;
        if (!seen.Add(sequence))
        {
            Duplicates++;
            return;
        }

        if (seen.Count > 1 && sequence < max)
        {
            OutOfOrder++;
        }

        min = Math.Min(min, sequence);
        max = Math.Max(max, sequence);
    }
}
