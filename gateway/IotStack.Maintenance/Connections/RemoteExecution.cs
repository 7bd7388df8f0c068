namespace IotStack.Maintenance.Connections;

/// <summary>What the remote side returned. <see cref="ExitCode"/> is null when the server sent no exit-status (RFC 4254 §6.10).</summary>
internal sealed record RemoteExecution(int? ExitCode, string Output, string Error, bool Truncated);
