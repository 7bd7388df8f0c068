namespace IotStack.Maintenance.Remediation;

internal enum RemediationAction
{
    Executed,
    CoolingDown,
    Escalated,
    AlreadyEscalated,
    NoTarget,
}
