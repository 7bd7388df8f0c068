using IotStack.Ota.Stores;

namespace IotStack.Ota.Tests.Stores;

public sealed class LocalFolderImageStoreTests : ImageStoreContractTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("iotstack-ota-store-").FullName;

    internal override IImageStore CreateStore() => new LocalFolderImageStore(_root);

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
