namespace IotStack.Gateway.Resilience;

/// <summary>One dependency as /health and /metrics show it. <see cref="DegradedFor"/> includes the current episode.</summary>
internal sealed record DependencyStatus(string Name, bool Degraded, DateTimeOffset? Since, string? LastError, long Retries, TimeSpan DegradedFor);
