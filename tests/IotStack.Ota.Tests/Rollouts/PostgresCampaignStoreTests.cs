using IotStack.Ota.Rollouts;
using IotStack.TestServices;

namespace IotStack.Ota.Tests.Rollouts;

public sealed class PostgresCampaignStoreTests : CampaignStoreContractTests
{
    private PostgresTestDatabase? _database;

    private protected override ICampaignStore Open() => _database!.Open(db => new PostgresCampaignStore(db));

    public override async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("otatest");

    public override async Task DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    [Fact]
    public async Task Constructor_GatewaysStartingTogether_OneSchemaNoError()
    {
        // Several gateways on one database create the tables at the same moment.
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(Open)));

        Assert.Empty(stores[0].LoadAll());
    }
}
