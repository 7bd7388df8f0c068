using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Tests.Support;
using Microsoft.Data.Sqlite;

namespace IotStack.Maintenance.Tests.Logs;

public sealed class SqliteLogStoreTests : LogStoreContractTests
{
    private readonly TempDirectory _temp = new();

    private protected override ILogStore Open(TimeProvider clock) => new SqliteLogStore(_temp.File("logs.db"), TimeSpan.FromDays(1), clock);

    private protected override Task CreateDataAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
        return Task.CompletedTask;
    }
}
