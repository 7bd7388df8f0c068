using System.Globalization;

namespace IotStack.Gateway.Cluster;

/// <summary>
/// Where the cluster hands a device's traffic to its owner: <c>iotstack/own/{group}/{partition}/{device topic}</c>, the
/// original topic kept whole after the prefix. The gateway account may use <c>iotstack/#</c>; boards may not. Each
/// partition's owner holds the MQTT session <see cref="ClientId"/>, the same on every gateway, so the broker keeps what
/// arrives for a partition while nobody owns it and hands it to whoever takes the session next.
/// </summary>
internal static class OwnershipTopics
{
    private const string Root = "iotstack/own/";

    public static string Prefix(string group, int partition) => $"{Root}{group}/{partition.ToString(CultureInfo.InvariantCulture)}/";

    public static string Filter(string group, int partition) => Prefix(group, partition) + "#";

    public static string ClientId(string group, int partition) => $"{group}-own-{partition.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The device topic inside a forwarded topic, or null when <paramref name="topic"/> does not start with <paramref name="prefix"/>.</summary>
    public static string? DeviceTopic(string topic, string prefix) =>
        topic.StartsWith(prefix, StringComparison.Ordinal) ? topic[prefix.Length..] : null;
}
