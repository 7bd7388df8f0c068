using IotStack.Maintenance.Commands;

namespace IotStack.Maintenance.Remediation;

/// <summary>Automatic remediation stopped trying; <see cref="LastOutcome"/> is the last command result, if any ran.</summary>
internal sealed record RemediationEscalation(string Rule, string AlertRule, string Host, int Attempts, string Reason, CommandOutcome? LastOutcome, DateTimeOffset At);
