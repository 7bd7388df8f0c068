namespace IotStack.Maintenance.Tailing;

/// <summary>Where a tail stands, saved in the same transaction as the records it produced (exactly-once across gateway restarts).</summary>
/// <param name="Key">"host:path" or "host:journal:unit".</param>
/// <param name="Cursor">journalctl cursor for journal tails; null for files.</param>
internal sealed record TailCheckpoint(string Key, TailPosition Position, string? Cursor = null);
