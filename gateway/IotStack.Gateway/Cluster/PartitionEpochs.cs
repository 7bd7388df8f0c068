using System.Collections.Concurrent;

namespace IotStack.Gateway.Cluster;

/// <summary>
/// The fencing token of each partition this gateway owns (docs/scale.md, "Device ownership"): a number the database
/// raises every time a gateway takes the partition (<c>partition_epoch</c>). Detector checkpoints are written with it,
/// and a stored checkpoint is only replaced by one with an equal or higher token, so a gateway that lost a partition
/// without noticing yet cannot overwrite what the new owner saved.
/// </summary>
internal sealed class PartitionEpochs(int partitions)
{
    private readonly ConcurrentDictionary<int, long> _epochs = new();

    public void Owned(int partition, long epoch) => _epochs[partition] = epoch;

    public void Gone(int partition) => _epochs.TryRemove(partition, out _);

    /// <summary>The token to write a device's state with; false when this gateway does not own the device now.</summary>
    public bool TryGet(string deviceId, out long epoch) => _epochs.TryGetValue(DevicePartition.Of(deviceId, partitions), out epoch);
}
