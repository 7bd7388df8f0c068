using IotStack.Maintenance.Audit;
using IotStack.TestServices;

namespace IotStack.Maintenance.Tests.Audit;

public sealed class PostgresAuditLogTests : AuditLogContractTests
{
    private PostgresTestDatabase? _database;

    private protected override IAuditLog Open() => _database!.Open(db => new PostgresAuditLog(db));

    public override async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("audittest");

    public override async Task DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}
