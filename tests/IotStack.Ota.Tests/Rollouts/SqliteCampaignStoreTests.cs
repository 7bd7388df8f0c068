using IotStack.Ota.Rollouts;
using Microsoft.Data.Sqlite;

namespace IotStack.Ota.Tests.Rollouts;

public sealed class SqliteCampaignStoreTests : CampaignStoreContractTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iotstack-campaigns-").FullName;
    private readonly List<SqliteCampaignStore> _open = [];

    private protected override ICampaignStore Open()
    {
        var store = new SqliteCampaignStore(Path.Combine(_dir, "campaigns.db"));
        _open.Add(store);
        return store;
    }

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        _open.ForEach(s => s.Dispose());
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
