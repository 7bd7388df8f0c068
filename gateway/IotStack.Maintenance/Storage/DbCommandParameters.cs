using System.Data.Common;

namespace IotStack.Maintenance.Storage;

/// <summary>Named parameters on any ADO.NET command (<see cref="DbCommand"/> has no <c>AddWithValue</c>).</summary>
internal static class DbCommandParameters
{
    /// <summary>Adds <paramref name="name"/> (<c>@x</c>, as the SQL names it); null is sent as SQL NULL.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
