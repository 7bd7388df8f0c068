namespace IotStack.Detection.Checkpoints;

/// <summary>The outcome of <see cref="DetectorSet.Load"/>: restored, or refused with a reason for the log.</summary>
internal readonly struct CheckpointLoad
{
    private readonly string? _reason;

    private CheckpointLoad(CheckpointRefusal refusal, string reason)
    {
        Refusal = refusal;
        _reason = reason;
    }

    public static CheckpointLoad Restored { get; } = new(CheckpointRefusal.None, "restored");

    public bool IsRestored => Refusal == CheckpointRefusal.None;

    public CheckpointRefusal Refusal { get; }

    /// <summary>What was wrong, for an operator ("written by format version 2, this build reads 1").</summary>
    public string Reason => _reason ?? "restored";

    public static CheckpointLoad Refused(CheckpointRefusal refusal, string reason) => new(refusal, reason);

    public override string ToString() => Reason;
}
