using IotStack.Maintenance.Audit;
using IotStack.TestServices;

namespace IotStack.Maintenance.Tests.Audit;

public sealed class PostgresAuditLogTests : AuditLogContractTests
{
    private readonly List<PostgresAuditLog> _open = [];
    private PostgresTestDatabase? _database;

    private protected override IAuditLog Open()
    {
        var log = new PostgresAuditLog(_database!.ConnectionString);
        _open.Add(log);
        return log;
    }

    public override async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("audittest");

    public override async Task DisposeAsync()
    {
        _open.ForEach(l => l.Dispose());
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
