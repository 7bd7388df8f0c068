namespace IotStack.Gateway.Cluster;

/// <summary>
/// Which ownership partition a device belongs to: FNV-1a over its id's characters, modulo the partition count. Every
/// gateway of a cluster must compute the same answer, so not <see cref="string.GetHashCode()"/> (randomised per process).
/// </summary>
internal static class DevicePartition
{
    public static int Of(string deviceId, int partitions)
    {
        uint hash = 2166136261;
        foreach (char c in deviceId)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % (uint)partitions);
    }
}
