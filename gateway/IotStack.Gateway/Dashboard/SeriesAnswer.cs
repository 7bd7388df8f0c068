using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Dashboard;

/// <param name="Buckets">Rollup buckets the range spans: <paramref name="Points"/> never has more entries.</param>
internal sealed record SeriesAnswer(string DeviceId, int Channel, string Range, DateTimeOffset From, DateTimeOffset To, string Resolution, int Buckets, IReadOnlyList<SeriesPoint> Points);
