namespace IotStack.Maintenance.FanOut;

/// <summary>
/// Run one template on a group. The first host (alphabetically, or <see cref="CanaryHost"/>) runs alone first; if it
/// fails the job stops. <see cref="Approval"/>, when set, is asked after the canary before the rest proceed.
/// </summary>
/// <param name="Target">A group name or a host name from the inventory.</param>
/// <param name="FailureThreshold">Halt (no new host starts) once more than this fraction of all hosts failed; 0 halts on the first failure.</param>
/// <param name="PerHostTimeout">Per attempt; default <c>Maintenance:CommandTimeout</c>.</param>
internal sealed record FanOutRequest(
    string Target,
    string Template,
    IReadOnlyDictionary<string, string> Arguments,
    string RequestedBy,
    int MaxConcurrency = 8,
    TimeSpan? PerHostTimeout = null,
    int Retries = 2,
    TimeSpan? RetryDelay = null,
    bool Canary = true,
    string? CanaryHost = null,
    Func<FanOutApprovalRequest, CancellationToken, ValueTask<bool>>? Approval = null,
    double FailureThreshold = 0.5);
