using IotStack.Ota.Rollouts;
using IotStack.TestServices;

namespace IotStack.Ota.Tests.Rollouts;

public sealed class PostgresCampaignStoreTests : CampaignStoreContractTests
{
    private readonly List<PostgresCampaignStore> _open = [];
    private PostgresTestDatabase? _database;

    private protected override ICampaignStore Open()
    {
        var store = new PostgresCampaignStore(_database!.ConnectionString);
        _open.Add(store);
        return store;
    }

    public override async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("otatest");

    public override async Task DisposeAsync()
    {
        _open.ForEach(s => s.Dispose());
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Constructor_GatewaysStartingTogether_OneSchemaNoError()
    {
        // Several gateways on one database create the tables at the same moment.
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(Open)));

        Assert.Empty(stores[0].LoadAll());
    }
}
