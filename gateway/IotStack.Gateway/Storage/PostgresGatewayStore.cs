using System.Data.Common;
using Npgsql;

namespace IotStack.Gateway.Storage;

/// <summary>PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>; several gateways may share the database.</summary>
internal sealed class PostgresGatewayStore : SqlGatewayStore
{
    private readonly NpgsqlDataSource _dataSource;

    // One writer at a time: the gateway's only caller is the single ingest writer, which owns the session.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private PostgresIngestSession? _session;

    public PostgresGatewayStore(string connectionString)
        : base(SqlDialect.Postgres)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            // The read and maintenance statements repeat too: let Npgsql prepare them server-side.
            builder.MaxAutoPrepare = 32;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // Two gateways starting together would race on CREATE TABLE IF NOT EXISTS (a known PostgreSQL
        // catalog race); an advisory lock makes schema creation one at a time.
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(482716)", cancellationToken).ConfigureAwait(false);
        try
        {
            await base.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(482716)", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Telemetry goes through <see cref="PostgresIngestSession"/>: one open connection, statements prepared once, a flush per statement.</summary>
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
            _session ??= await PostgresIngestSession.OpenAsync(_dataSource, cancellationToken).ConfigureAwait(false);
            return await _session.WriteAsync(set, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Retry from a fresh connection: a dropped server or a failover leaves this one unusable, and a
            // connection broken mid-transaction must not go back into use (the server rolled that transaction back).
            await DisposeSessionAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    public override async ValueTask DisposeAsync()
    {
        await DisposeSessionAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task DisposeSessionAsync()
    {
        PostgresIngestSession? session = _session;
        _session = null;
        if (session is not null)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
