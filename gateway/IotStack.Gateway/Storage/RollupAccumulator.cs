using System.Runtime.InteropServices;

namespace IotStack.Gateway.Storage;

/// <summary>
/// The minute and hour rollups of one transaction, summed in memory so each touched bucket costs one upsert
/// per commit instead of one per sample. Reused across commits by the single writer: <see cref="Clear"/> keeps
/// the capacity, so a steady stream allocates nothing here.
/// </summary>
internal sealed class RollupAccumulator
{
    public const long MinuteMs = 60_000;
    public const long HourMs = 3_600_000;

    private readonly Dictionary<RollupKey, RollupAggregate> _minutes = new();
    private readonly Dictionary<RollupKey, RollupAggregate> _hours = new();
    private readonly List<KeyValuePair<RollupKey, RollupAggregate>> _sorted = new();

    public int MinuteCount => _minutes.Count;

    public int HourCount => _hours.Count;

    /// <summary>Adds a stored sample; a non-finite value is stored raw but kept out of the rollups (it has no min or mean).</summary>
    public void Add(SampleRow sample)
    {
        if (!float.IsFinite(sample.Value))
        {
            return;
        }

        Accumulate(_minutes, sample, MinuteMs);
        Accumulate(_hours, sample, HourMs);
    }

    /// <summary>
    /// The minute (or hour) buckets in one fixed key order: two gateways upserting into one PostgreSQL then never
    /// wait on each other's rows in a cycle. The list is reused: read it before the next call.
    /// </summary>
    public List<KeyValuePair<RollupKey, RollupAggregate>> Sorted(bool hours)
    {
        _sorted.Clear();
        foreach (KeyValuePair<RollupKey, RollupAggregate> bucket in hours ? _hours : _minutes)
        {
            _sorted.Add(bucket);
        }

        _sorted.Sort(static (a, b) => Compare(a.Key, b.Key));
        return _sorted;
    }

    public void Clear()
    {
        _minutes.Clear();
        _hours.Clear();
        _sorted.Clear();
    }

    public static long BucketOf(long timeMs, long bucketMs) => timeMs - (((timeMs % bucketMs) + bucketMs) % bucketMs);

    private static void Accumulate(Dictionary<RollupKey, RollupAggregate> buckets, SampleRow sample, long bucketMs)
    {
        var key = new RollupKey(sample.DeviceId, sample.Channel, BucketOf(sample.TimeMs, bucketMs));
        ref RollupAggregate slot = ref CollectionsMarshal.GetValueRefOrAddDefault(buckets, key, out bool exists);
        slot = exists ? slot.Add(sample.Value) : RollupAggregate.Of(sample.Value);
    }

    private static int Compare(RollupKey a, RollupKey b)
    {
        int c = string.CompareOrdinal(a.DeviceId, b.DeviceId);
        if (c != 0)
        {
            return c;
        }

        c = a.Channel.CompareTo(b.Channel);
        return c != 0 ? c : a.BucketMs.CompareTo(b.BucketMs);
    }
}
