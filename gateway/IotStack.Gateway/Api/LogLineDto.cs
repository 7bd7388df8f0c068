namespace IotStack.Gateway.Api;

/// <summary>One line from <c>GET /api/logs</c>: a device's or host's log record.</summary>
internal sealed record LogLineDto(DateTimeOffset At, string Level, string Source, string Component, string Message);
