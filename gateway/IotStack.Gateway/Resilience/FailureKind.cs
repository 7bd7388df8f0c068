namespace IotStack.Gateway.Resilience;

/// <summary>Whether trying the same thing again later can succeed.</summary>
internal enum FailureKind
{
    /// <summary>The dependency is down, busy or full: retry with backoff and hold the acknowledgement.</summary>
    Transient,

    /// <summary>The dependency refuses this very message (constraint, encoding, value): retrying cannot help; quarantine it.</summary>
    Permanent,
}
