namespace IotStack.Maintenance.FanOut;

internal enum FanOutHostState
{
    Pending,
    Running,
    Retrying,
    Succeeded,
    Failed,

    /// <summary>Never started: the job halted, approval was refused, or the canary failed.</summary>
    Skipped,
}
