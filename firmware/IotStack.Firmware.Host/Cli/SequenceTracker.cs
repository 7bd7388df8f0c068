using IotStack.Firmware.Storage;

namespace IotStack.Firmware.Host.Cli;

/// <summary>
/// The telemetry sequence numbers seen from one device, in arrival order: tells gaps (lost), repeats (duplicates,
/// expected with QoS 1 after a lost PUBACK) and numbers that arrived after a higher one (out of order).
/// A gap that ends at the start of a sequence block is not a loss: a reboot skips the unused rest of the block it
/// had reserved (the core's SequenceCounter), by design.
/// </summary>
internal sealed class SequenceTracker
{
    private readonly HashSet<uint> seen = [];
    private uint max;

    public long Received { get; private set; }

    public long Duplicates { get; private set; }

    public long OutOfOrder { get; private set; }

    public long Replayed { get; private set; }

    public int Distinct => seen.Count;

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

        max = Math.Max(max, sequence);
    }

    /// <summary>Numbers between the lowest and highest seen that never arrived, and those skipped by reboots.</summary>
    public (long Missing, long Skipped) Gaps()
    {
        uint[] sorted = [.. seen];
        Array.Sort(sorted);
        long missing = 0;
        long skipped = 0;
        for (int i = 1; i < sorted.Length; i++)
        {
            long gap = (long)sorted[i] - sorted[i - 1] - 1;
            if (gap > 0 && sorted[i] % SequenceCounter.BlockSize == 0)
            {
                skipped += gap;
            }
            else
            {
                missing += gap;
            }
        }

        return (missing, skipped);
    }
}
