using IotStack.Maintenance.Logs;
using IotStack.TestServices;

namespace IotStack.Maintenance.Tests.Logs;

public sealed class PostgresLogStoreTests : LogStoreContractTests
{
    private readonly List<PostgresLogStore> _open = [];
    private PostgresTestDatabase? _database;

    private protected override ILogStore Open(TimeProvider clock)
    {
        var store = new PostgresLogStore(_database!.ConnectionString, TimeSpan.FromDays(1), clock);
        _open.Add(store);
        return store;
    }

    private protected override async Task CreateDataAsync() => _database = await PostgresTestDatabase.CreateAsync("logtest");

    public override async Task DisposeAsync()
    {
        _open.ForEach(s => s.Dispose());
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
