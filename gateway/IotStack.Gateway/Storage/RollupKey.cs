namespace IotStack.Gateway.Storage;

/// <summary>One rollup row's identity: a (device, channel) series and the start of its bucket.</summary>
internal readonly record struct RollupKey(string DeviceId, int Channel, long BucketMs);
