using System.Data.Common;
using Npgsql;

namespace IotStack.Gateway.Storage;

/// <summary>PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>; several gateways may share the database.</summary>
internal sealed class PostgresGatewayStore : SqlGatewayStore
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresGatewayStore(string connectionString)
        : base(SqlDialect.Postgres)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            // The ingest statements repeat per row: let Npgsql prepare them server-side.
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

    protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
