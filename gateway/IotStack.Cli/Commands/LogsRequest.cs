namespace IotStack.Cli.Commands;

/// <summary>What <c>iotstack logs</c> asks for: a source (device or host), a minimum level, a text filter.</summary>
internal sealed record LogsRequest(string? Source = null, string? Level = null, string? Grep = null, int Limit = 100, bool Follow = false);
