using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Tests.Support;
using Microsoft.Data.Sqlite;

namespace IotStack.Maintenance.Tests.Audit;

public sealed class SqliteAuditLogTests : AuditLogContractTests
{
    private readonly TempDirectory _temp = new();

    private protected override IAuditLog Open() => new SqliteAuditLog(_temp.File("audit.db"));

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
        return Task.CompletedTask;
    }
}
