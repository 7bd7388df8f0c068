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

    /// <summary>
    /// The WAL file's size past which a checkpoint tick truncates it (<see cref="CheckpointAsync(CancellationToken)"/>),
    /// and the size SQLite cuts it back to whenever it starts the WAL over by itself (journal_size_limit): without it
    /// the file keeps its high-water mark for good. 16 MiB is about 1.5 s of commits at 2,000 boards.
    /// </summary>
    public const long WalLimitBytes = 16L << 20;

    /// <summary>How long a TRUNCATE pass waits for readers and other writers; the ingest writer waits as long at most.</summary>
    public const int TruncateBusyTimeoutMs = 1000;

    /// <summary>Ticks that only run PASSIVE after a TRUNCATE pass found readers in the way: the writer waits on at most one tick in 11.</summary>
    public const int TicksAfterBusyTruncate = 10;

    private readonly string _path;

    // Checkpoint ticks run one at a time (PeriodicService): no lock needed.
    private int _passiveTicksLeft;

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
        _path = path;

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
    /// One checkpoint tick. First a PASSIVE pass (https://sqlite.org/pragma.html#pragma_wal_checkpoint) copies committed
    /// pages without waiting for anyone. Under continuous writes that is not enough: the writer appends while the pass
    /// copies, the pass never catches up, so the WAL is never started over and the file grows to the backstop and, as
    /// a 2,000-board soak showed, past it (84 MB). So when the file is past <see cref="WalLimitBytes"/> the pass is
    /// followed by a TRUNCATE one while the ingest writer waits at its gate: only the few pages appended since the
    /// PASSIVE pass are left to copy, then the file is cut to zero. Readers keep their snapshots meanwhile; the pass
    /// waits up to <see cref="TruncateBusyTimeoutMs"/> for them and otherwise reports busy. A reader that stays (a long
    /// query) would then stall the writer on every tick: after a busy pass the next <see cref="TicksAfterBusyTruncate"/>
    /// ticks are PASSIVE only.
    /// </summary>
    public async Task<WalCheckpoint> CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        WalCheckpoint pass = await CheckpointAsync(connection, "PASSIVE", cancellationToken).ConfigureAwait(false);
        if (pass.WalBytes <= WalLimitBytes)
        {
            return pass;
        }

        if (_passiveTicksLeft > 0)
        {
            _passiveTicksLeft--;
            return pass;
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            pass = await CheckpointAsync(connection, "TRUNCATE", cancellationToken).ConfigureAwait(false);
            _passiveTicksLeft = pass.Busy ? TicksAfterBusyTruncate : 0;
            return pass;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<WalCheckpoint> CheckpointAsync(SqliteConnection connection, string mode, CancellationToken cancellationToken)
    {
        // PASSIVE never waits. TRUNCATE may wait this long for readers and other writers (device state, alerts) while
        // the ingest writer is held; the connection goes back to the pool without it (Microsoft.Data.Sqlite retries
        // busy statements by itself, up to the command timeout).
        int busyTimeoutMs = mode == "PASSIVE" ? 0 : TruncateBusyTimeoutMs;
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout={busyTimeoutMs}";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            command.CommandText = $"PRAGMA wal_checkpoint({mode})";
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new WalCheckpoint(reader.GetInt64(1), reader.GetInt64(2))
            {
                Mode = mode,
                Busy = reader.GetInt64(0) != 0,
                WalBytes = WalFileBytes(),
            };
        }
        finally
        {
            if (busyTimeoutMs != 0)
            {
                command.CommandText = "PRAGMA busy_timeout=0";
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private long WalFileBytes()
    {
        var wal = new FileInfo(_path + "-wal");
        return wal.Exists ? wal.Length : 0;
    }

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override Task ConfigureConnectionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, SessionPragmas, cancellationToken);

    /// <summary>For every connection that writes: see the class remarks, <see cref="BackstopCheckpointPages"/> and <see cref="WalLimitBytes"/>.</summary>
    public static string SessionPragmas { get; } = $"PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint={BackstopCheckpointPages}; PRAGMA journal_size_limit={WalLimitBytes}";

    public override ValueTask DisposeAsync()
    {
        _session?.Dispose();
        _session = null;
        // Pooled connections keep the file (and its -wal) open; a test that deletes the folder needs them closed.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
