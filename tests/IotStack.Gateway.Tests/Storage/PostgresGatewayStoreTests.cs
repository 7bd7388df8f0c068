using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;

namespace IotStack.Gateway.Tests.Storage;

public sealed class PostgresGatewayStoreTests : GatewayStoreContractTests
{
    private PostgresDatabase? _database;

    private protected override async Task<IGatewayStore> CreateStoreAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        return new PostgresGatewayStore(_database.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
