namespace IotStack.Gateway.Storage;

/// <summary>
/// One checkpoint pass: WAL frames present and frames copied into the database file (equal: caught up), whether
/// readers or writers kept it from finishing, and the WAL file's size after it.
/// </summary>
internal readonly record struct WalCheckpoint(long WalFrames, long CheckpointedFrames)
{
    public long Behind => Math.Max(0, WalFrames - CheckpointedFrames);

    /// <summary>PASSIVE or TRUNCATE.</summary>
    public string Mode { get; init; } = "PASSIVE";

    public bool Busy { get; init; }

    public long WalBytes { get; init; }
}
