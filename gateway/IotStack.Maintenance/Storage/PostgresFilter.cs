using Npgsql;

namespace IotStack.Maintenance.Storage;

/// <summary>The PostgreSQL twin of <see cref="SqliteFilter"/>: optional filters to a parameterised <c>WHERE</c> (named <c>@p</c> parameters).</summary>
internal sealed class PostgresFilter(NpgsqlCommand command)
{
    private readonly List<string> _clauses = [];

    public PostgresFilter Add(string clause, string parameter, object? value)
    {
        if (value is not null)
        {
            _clauses.Add(clause);
            command.Parameters.AddWithValue(parameter, value);
        }

        return this;
    }

    public string WhereClause => _clauses.Count > 0 ? " WHERE " + string.Join(" AND ", _clauses) : "";
}
