using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Logs;

namespace IotStack.Maintenance.Tailing;

/// <summary>What one poll of a tail produced. On a failure <see cref="Records"/> is empty and the position did not move, so the next poll resumes exactly there.</summary>
internal sealed record TailPoll(IReadOnlyList<LogRecord> Records, CommandStatus Status, string Message, bool Rotated, bool Truncated, TailPosition Position)
{
    public bool Succeeded => Status == CommandStatus.Succeeded;
}
