namespace IotStack.Gateway.Storage;

/// <summary>The few spots where SQLite and PostgreSQL SQL differ; everything else is shared.</summary>
internal sealed record SqlDialect(string IdentityColumn, string BlobType)
{
    public static SqlDialect Sqlite { get; } = new("INTEGER PRIMARY KEY", "BLOB");

    public static SqlDialect Postgres { get; } = new("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "BYTEA");
}
