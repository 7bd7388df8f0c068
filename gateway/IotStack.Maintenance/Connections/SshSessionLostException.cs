namespace IotStack.Maintenance.Connections;

/// <summary>The SSH transport went away mid-command; the runner turns it into <c>CommandStatus.ConnectionLost</c>.</summary>
internal sealed class SshSessionLostException(string message, Exception inner) : Exception(message, inner);
