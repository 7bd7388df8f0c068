using IotStack.Maintenance.Tailing;

namespace IotStack.Maintenance.Logs;

/// <summary>Collected log records with time-based retention, and the tails' checkpoints (SQLite or the shared PostgreSQL database).</summary>
internal interface ILogStore
{
    /// <param name="checkpoint">Saved in the same transaction, so after a crash a tail resumes exactly after the stored records.</param>
    Task AppendAsync(IReadOnlyCollection<LogRecord> records, CancellationToken cancellationToken, TailCheckpoint? checkpoint = null);

    Task<TailCheckpoint?> LoadCheckpointAsync(string key, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<LogRecord>> SearchAsync(LogQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes records older than the retention period; returns how many went.</summary>
    Task<int> PurgeAsync(CancellationToken cancellationToken);
}
