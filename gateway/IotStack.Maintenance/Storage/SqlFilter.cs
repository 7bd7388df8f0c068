using System.Data.Common;

namespace IotStack.Maintenance.Storage;

/// <summary>
/// Builds a parameterised <c>WHERE</c> from optional search filters (null means "any"), for the audit log and the log
/// store on SQLite and PostgreSQL alike (both take <c>@name</c> parameters). Values always travel as parameters, never
/// in the SQL text.
/// </summary>
internal sealed class SqlFilter(DbCommand command)
{
    private readonly List<string> _clauses = [];

    public SqlFilter Add(string clause, string parameter, object? value)
    {
        if (value is not null)
        {
            _clauses.Add(clause);
            command.AddParameter(parameter, value);
        }

        return this;
    }

    /// <summary>" WHERE a AND b", or empty when no filter was given.</summary>
    public string WhereClause => _clauses.Count > 0 ? " WHERE " + string.Join(" AND ", _clauses) : "";
}
