namespace IotStack.Gateway.Storage;

/// <summary>One checkpoint pass: WAL frames present and frames copied into the database file (equal: caught up).</summary>
internal readonly record struct WalCheckpoint(long WalFrames, long CheckpointedFrames)
{
    public long Behind => Math.Max(0, WalFrames - CheckpointedFrames);
}
