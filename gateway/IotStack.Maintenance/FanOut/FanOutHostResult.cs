using IotStack.Maintenance.Commands;

namespace IotStack.Maintenance.FanOut;

/// <summary>One row of the result table.</summary>
internal sealed record FanOutHostResult(string Host, FanOutHostState State, int Attempts, CommandOutcome? Outcome, string Reason, bool Canary);
