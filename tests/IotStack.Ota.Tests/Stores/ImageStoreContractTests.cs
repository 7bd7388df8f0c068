using IotStack.Ota.Stores;

namespace IotStack.Ota.Tests.Stores;

/// <summary>What every image store must do; one derived class per implementation.</summary>
public abstract class ImageStoreContractTests : IDisposable
{
    private IImageStore? _store;

    internal IImageStore Store => _store ??= CreateStore();

    public virtual void Dispose() => (_store as IDisposable)?.Dispose();

    internal abstract IImageStore CreateStore();

    [Fact]
    public async Task ReadAllAsync_AfterPut_ReturnsExactBytes()
    {
        var data = new byte[100_003];
        new Random(1).NextBytes(data);
        await Store.PutAsync("releases/esp32/1.0.0/files/App.pe", data, CancellationToken.None);

        var read = await Store.ReadAllAsync("releases/esp32/1.0.0/files/App.pe", CancellationToken.None);

        Assert.Equal(StoreStatus.Ok, read.Status);
        Assert.Equal(data, read.Data);
    }

    [Fact]
    public async Task ReadRangeAsync_InsideAndPastEnd_ReturnsThoseBytes()
    {
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        await Store.PutAsync("a/b.bin", data, CancellationToken.None);

        var middle = await Store.ReadRangeAsync("a/b.bin", 4, 4, CancellationToken.None);
        var tail = await Store.ReadRangeAsync("a/b.bin", 9_990, 4096, CancellationToken.None);

        Assert.Equal(data[4..8], middle.Data);
        Assert.Equal(data[9_990..], tail.Data);
    }

    [Fact]
    public async Task ReadAllAsync_Missing_IsNotFoundNotException()
    {
        var read = await Store.ReadAllAsync("missing/object", CancellationToken.None);
        var length = await Store.GetLengthAsync("missing/object", CancellationToken.None);

        Assert.Equal(StoreStatus.NotFound, read.Status);
        Assert.Equal(StoreStatus.NotFound, length.Status);
    }

    [Fact]
    public async Task ListAsync_ByPrefix_ReturnsSortedKeysUnderIt()
    {
        await Store.PutAsync("releases/x/2/manifest.bin", new byte[] { 1 }, CancellationToken.None);
        await Store.PutAsync("releases/x/10/manifest.bin", new byte[] { 2 }, CancellationToken.None);
        await Store.PutAsync("releases/y/1/manifest.bin", new byte[] { 3 }, CancellationToken.None);

        var keys = await Store.ListAsync("releases/x/", CancellationToken.None);

        Assert.Equal(["releases/x/10/manifest.bin", "releases/x/2/manifest.bin"], keys);
        Assert.Equal(1, (await Store.GetLengthAsync("releases/y/1/manifest.bin", CancellationToken.None)).Length);
    }

    [Fact]
    public async Task PutAsync_Overwrite_ReplacesContent()
    {
        await Store.PutAsync("k", new byte[] { 1, 2, 3 }, CancellationToken.None);
        await Store.PutAsync("k", new byte[] { 9 }, CancellationToken.None);

        Assert.Equal(new byte[] { 9 }, (await Store.ReadAllAsync("k", CancellationToken.None)).Data);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    public async Task PutAsync_UnsafeKey_Throws(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new byte[] { 1 }, CancellationToken.None));
    }
}
