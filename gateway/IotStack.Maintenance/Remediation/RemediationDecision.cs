using IotStack.Maintenance.Commands;

namespace IotStack.Maintenance.Remediation;

internal sealed record RemediationDecision(string Rule, string Host, RemediationAction Action, string Reason, CommandOutcome? Outcome = null, DateTimeOffset? NextAllowedAt = null);
