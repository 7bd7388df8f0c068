using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace IotStack.Gateway.Storage;

/// <summary>
/// SQLite in WAL mode (https://sqlite.org/wal.html): readers (the API) never block the ingest writer.
/// synchronous=NORMAL is durable across a process crash in WAL mode; only an OS crash can lose the last commits.
/// </summary>
internal sealed class SqliteGatewayStore : SqlGatewayStore
{
    private readonly string _connectionString;

    // One writer at a time (SQLite has one anyway); the gateway's only caller is the single ingest writer.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteIngestSession? _session;

    public SqliteGatewayStore(string path)
        : base(SqlDialect.Sqlite)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

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

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override Task ConfigureConnectionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, "PRAGMA synchronous=NORMAL", cancellationToken);

    public override ValueTask DisposeAsync()
    {
        _session?.Dispose();
        _session = null;
        // Pooled connections keep the file (and its -wal) open; a test that deletes the folder needs them closed.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
