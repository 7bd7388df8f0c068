namespace IotStack.Maintenance.Commands;

internal static class CommandStatusExtensions
{
    /// <summary>Worth another attempt: the network or the host may recover. A refused, rejected or failed command will not.</summary>
    public static bool IsTransient(this CommandStatus status) =>
        status is CommandStatus.Unreachable or CommandStatus.TimedOut or CommandStatus.ConnectionLost;

    /// <summary>The command never ran on the host (nothing happened there).</summary>
    public static bool NeverRan(this CommandStatus status) =>
        status is CommandStatus.Refused or CommandStatus.UnknownHost or CommandStatus.HostKeyRejected
            or CommandStatus.AuthenticationFailed or CommandStatus.Unreachable;
}
