using Npgsql;
using NpgsqlTypes;

namespace IotStack.Gateway.Storage;

/// <summary>
/// One rollup table's upsert for a whole flush: the buckets go as one array per column and unnest() turns them back into
/// rows, so any number of buckets is one statement, prepared once. The lists are reused; Npgsql writes a List as an array.
/// </summary>
internal sealed class PostgresRollupColumns
{
    private readonly List<string> _devices = new();
    private readonly List<int> _channels = new();
    private readonly List<long> _buckets = new();
    private readonly List<double> _mins = new();
    private readonly List<double> _maxes = new();
    private readonly List<double> _sums = new();
    private readonly List<long> _counts = new();

    public PostgresRollupColumns(string table)
    {
        // Each key appears once (the accumulator merged them), which ON CONFLICT DO UPDATE requires of one statement.
        Command = new NpgsqlBatchCommand(
            $"INSERT INTO {table} (device, channel, bucket_ms, mn, mx, sm, cnt) " +
            "SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::double precision[], $5::double precision[], $6::double precision[], $7::bigint[]) " +
            $"ON CONFLICT (device, channel, bucket_ms) DO UPDATE SET mn = LEAST({table}.mn, excluded.mn), mx = GREATEST({table}.mx, excluded.mx), " +
            $"sm = {table}.sm + excluded.sm, cnt = {table}.cnt + excluded.cnt");
        PostgresColumns.Add(Command.Parameters, NpgsqlDbType.Text, _devices);
        PostgresColumns.Add(Command.Parameters, NpgsqlDbType.Integer, _channels);
        PostgresColumns.Add(Command.Parameters, NpgsqlDbType.Bigint, _buckets);
        PostgresColumns.Add(Command.Parameters, NpgsqlDbType.Double, _mins);
        PostgresColumns.Add(Command.Parameters, NpgsqlDbType.Double, _maxes);
        PostgresColumns.Add(Command.Parameters, NpgsqlDbType.Double, _sums);
        PostgresColumns.Add(Command.Parameters, NpgsqlDbType.Bigint, _counts);
    }

    public NpgsqlBatchCommand Command { get; }

    /// <summary>Takes the buckets in the accumulator's key order: unnest keeps it, so two gateways lock rows in one order.</summary>
    public void Fill(List<KeyValuePair<RollupKey, RollupAggregate>> buckets)
    {
        Clear();
        foreach ((RollupKey key, RollupAggregate aggregate) in buckets)
        {
            _devices.Add(key.DeviceId);
            _channels.Add(key.Channel);
            _buckets.Add(key.BucketMs);
            _mins.Add(aggregate.Min);
            _maxes.Add(aggregate.Max);
            _sums.Add(aggregate.Sum);
            _counts.Add(aggregate.Count);
        }
    }

    public void Clear()
    {
        _devices.Clear();
        _channels.Clear();
        _buckets.Clear();
        _mins.Clear();
        _maxes.Clear();
        _sums.Clear();
        _counts.Clear();
    }
}
