namespace IotStack.Gateway.Storage;

/// <summary>
/// One series' checkpoint as stored (table <c>detector_state</c>, keyed by fleet, device and channel): each detector
/// set's checkpoint frame (null when that set is off), the samples the series has seen, and its open stuck condition.
/// </summary>
internal sealed record DetectorStateRow(string Fleet, string DeviceId, byte Channel)
{
    /// <summary>When it was written (gateway clock, ms since the Unix epoch).</summary>
    public long SavedMs { get; init; }

    public long Samples { get; init; }

    public byte[]? Limits { get; init; }

    public byte[]? Statistical { get; init; }

    /// <summary>Newest stuck sample of an open stuck condition; null when the series is not stuck.</summary>
    public long? StuckAtMs { get; init; }

    public double StuckValue { get; init; }

    /// <summary>The owner's fencing token (device ownership, <see cref="Cluster.PartitionEpochs"/>); 0 without ownership.</summary>
    public long Epoch { get; init; }
}
