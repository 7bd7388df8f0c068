using IotStack.Detection;

namespace IotStack.Gateway.Detection;

/// <summary>One series' detector state: its channel's limits and the statistical ensemble (either may be off).</summary>
internal sealed record SeriesDetectors(DetectorSet? Limits, DetectorSet? Statistical);
