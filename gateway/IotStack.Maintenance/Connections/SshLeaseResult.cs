using IotStack.Maintenance.Commands;

namespace IotStack.Maintenance.Connections;

internal sealed class SshLeaseResult
{
    private SshLeaseResult(SshLease? lease, CommandStatus failure, string message)
    {
        Lease = lease;
        Failure = failure;
        Message = message;
    }

    public SshLease? Lease { get; }

    public CommandStatus Failure { get; }

    public string Message { get; }

    public static SshLeaseResult Leased(SshLease lease) => new(lease, CommandStatus.Succeeded, "");

    public static SshLeaseResult Failed(CommandStatus failure, string message) => new(null, failure, message);
}
