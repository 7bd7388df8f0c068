using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;

namespace IotStack.Gateway.Tests.Storage;

public sealed class SqliteGatewayStoreTests : GatewayStoreContractTests
{
    private readonly TempDirectory _dir = new();

    private protected override Task<IGatewayStore> CreateStoreAsync() =>
        Task.FromResult<IGatewayStore>(new SqliteGatewayStore(_dir.File("store.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
