using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace IotStack.Gateway.Storage;

/// <summary>
/// SQLite in WAL mode (https://sqlite.org/wal.html): readers (the API) never block the ingest writer.
/// synchronous=NORMAL is durable across a process crash in WAL mode; only an OS crash can lose the last commits.
/// Checkpoints (copying the WAL back into the database file, with its fsync) are the <see cref="SqliteCheckpointer"/>'s
/// job on its own connection: run by the committing connection, as SQLite does by default every 1,000 pages, they took
/// about 40 % of the ingest writer's store time.
/// </summary>
internal sealed class SqliteGatewayStore : SqlGatewayStore
{
    /// <summary>
    /// A connection still checkpoints by itself past this many WAL pages (64 MiB at 4 KiB pages): the bound on the WAL
    /// if the background checkpointer stops or cannot keep up.
    /// </summary>
    public const int BackstopCheckpointPages = 16_384;

    private readonly string _connectionString;

    // One writer at a time (SQLite has one anyway); the gateway's only caller is the single ingest writer.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteIngestSession? _session;

    public SqliteGatewayStore(string path)
        : base(SqlDialect.Sqlite)
    {
        // The fleet's data: the file 0600 in a 0700 folder before SQLite opens it (its -wal and -shm files take the
        // database file's mode).
        PrivateFiles.EnsureFile(path);

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using (DbConnection connection = CreateConnection())
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
        }

        await base.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Telemetry goes through <see cref="SqliteIngestSession"/>: one open connection, statements prepared once.</summary>
    public override async Task<int> WriteAsync(WriteSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.IsEmpty)
        {
            return 0;
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _session ??= SqliteIngestSession.Open(_connectionString);
            return _session.Write(set);
        }
        catch
        {
            // Start the retry from a fresh connection: whatever failed (disk full, a locked file) may have left it unusable.
            _session?.Dispose();
            _session = null;
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Copies committed WAL pages into the database file without waiting for readers or the writer (PASSIVE,
    /// https://sqlite.org/pragma.html#pragma_wal_checkpoint). Once a pass has caught up, the next commit restarts the WAL
    /// from its beginning, so the file stops growing.
    /// </summary>
    public async Task<WalCheckpoint> CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new WalCheckpoint(reader.GetInt64(1), reader.GetInt64(2));
    }

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override Task ConfigureConnectionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, SessionPragmas, cancellationToken);

    /// <summary>For every connection that writes: see the class remarks and <see cref="BackstopCheckpointPages"/>.</summary>
    public static string SessionPragmas { get; } = $"PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint={BackstopCheckpointPages}";

    public override ValueTask DisposeAsync()
    {
        _session?.Dispose();
        _session = null;
        // Pooled connections keep the file (and its -wal) open; a test that deletes the folder needs them closed.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
