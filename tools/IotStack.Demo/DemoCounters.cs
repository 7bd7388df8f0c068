namespace IotStack.Demo;

/// <summary>The gateway's counters in a frame (GatewayMetrics): totals since start, queue and open alerts as levels.</summary>
internal readonly record struct DemoCounters(long Messages, long Samples, long Quarantined, long Queue, long LagMs, long OpenAlerts);
