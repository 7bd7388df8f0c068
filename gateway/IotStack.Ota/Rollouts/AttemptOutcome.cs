namespace IotStack.Ota.Rollouts;

/// <summary>How one offer to one board ended; Retryable ones go round the Polly retry again.</summary>
internal sealed record AttemptOutcome(bool Success, bool Retryable, string? Reason)
{
    public static readonly AttemptOutcome Confirmed = new(true, false, null);

    public static AttemptOutcome Transient(string reason) => new(false, true, reason);

    public static AttemptOutcome Final(string reason) => new(false, false, reason);
}
