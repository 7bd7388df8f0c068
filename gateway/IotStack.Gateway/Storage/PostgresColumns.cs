using Npgsql;
using NpgsqlTypes;

namespace IotStack.Gateway.Storage;

/// <summary>Array parameters for unnest() statements: one typed, positional ($n) parameter per column list.</summary>
internal static class PostgresColumns
{
    public static void Add<T>(NpgsqlParameterCollection parameters, NpgsqlDbType elementType, List<T> values) =>
        parameters.Add(new NpgsqlParameter<List<T>> { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = values });
}
