using IotStack.Maintenance.Logs;
using IotStack.TestServices;

namespace IotStack.Maintenance.Tests.Logs;

public sealed class PostgresLogStoreTests : LogStoreContractTests
{
    private PostgresTestDatabase? _database;

    private protected override ILogStore Open(TimeProvider clock) => _database!.Open(db => new PostgresLogStore(db, TimeSpan.FromDays(1), clock));

    private protected override async Task CreateDataAsync() => _database = await PostgresTestDatabase.CreateAsync("logtest");

    public override async Task DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}
