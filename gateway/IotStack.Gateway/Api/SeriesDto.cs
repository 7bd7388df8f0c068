using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Api;

/// <param name="Resolution">What was actually served: raw, 1m or 1h (long ranges are never raw).</param>
internal sealed record SeriesDto(string DeviceId, int Channel, string ChannelName, string Resolution, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SeriesPoint> Points);
