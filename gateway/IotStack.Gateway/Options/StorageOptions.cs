using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Options;

internal sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite file (Provider = Sqlite).</summary>
    public string SqlitePath { get; set; } = ".iotstack/iotstack.db";

    /// <summary>Npgsql connection string (Provider = Postgres).</summary>
    public string PostgresConnectionString { get; set; } = "";

    /// <summary>Raw samples (and the de-duplication record) are kept this long; charts beyond use rollups.</summary>
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan MinuteRollupRetention { get; set; } = TimeSpan.FromDays(90);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>SQLite: how often the WAL is copied back into the database file, off the ingest writer.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);
}
