namespace IotStack.Maintenance.Commands;

/// <summary>How a command run ended. Values are persisted in the audit log: never renumber.</summary>
internal enum CommandStatus
{
    Succeeded = 0,
    NonZeroExit = 1,
    Refused = 2,
    UnknownHost = 3,
    HostKeyRejected = 4,
    AuthenticationFailed = 5,
    Unreachable = 6,
    TimedOut = 7,
    Cancelled = 8,
    ConnectionLost = 9,
}
