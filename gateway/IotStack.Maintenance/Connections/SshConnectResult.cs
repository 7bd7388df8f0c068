using IotStack.Maintenance.Commands;

namespace IotStack.Maintenance.Connections;

/// <summary>Either an open session or the reason there is none (expected failures are values).</summary>
internal sealed class SshConnectResult
{
    private SshConnectResult(ISshSession? session, CommandStatus failure, string message)
    {
        Session = session;
        Failure = failure;
        Message = message;
    }

    public ISshSession? Session { get; }

    /// <summary>Meaningful only when <see cref="Session"/> is null.</summary>
    public CommandStatus Failure { get; }

    public string Message { get; }

    public static SshConnectResult Connected(ISshSession session) => new(session, CommandStatus.Succeeded, "");

    public static SshConnectResult Failed(CommandStatus failure, string message) => new(null, failure, message);
}
