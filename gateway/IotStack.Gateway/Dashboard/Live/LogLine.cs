namespace IotStack.Gateway.Dashboard.Live;

/// <summary>One tailed log line as the browser receives it (JSON in an SSE data field).</summary>
internal sealed record LogLine(string Time, string Level, string Source, string Component, string Message);
