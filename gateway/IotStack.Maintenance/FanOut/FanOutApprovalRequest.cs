using IotStack.Maintenance.Commands;

namespace IotStack.Maintenance.FanOut;

/// <summary>Shown to the approver after the canary: what ran where, and how many hosts are still to go.</summary>
internal sealed record FanOutApprovalRequest(Guid JobId, string Template, CommandOutcome CanaryOutcome, int RemainingHosts);
