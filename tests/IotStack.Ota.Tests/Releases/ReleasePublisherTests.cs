using System.Security.Cryptography;
using IotStack.Ota.Releases;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using IotStack.Ota.Tests.Stores;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Ota.Tests.Releases;

public sealed class ReleasePublisherTests
{
    internal static ReleaseImage SampleImage(int seed = 1, int files = 3, int size = 5000)
    {
        var random = new Random(seed);
        return ReleaseImage.FromFiles(Enumerable.Range(0, files).Select(i =>
        {
            var content = new byte[size + i];
            random.NextBytes(content);
            return ($"Asm{i}.pe", content);
        }));
    }

    [Fact]
    public async Task PublishAsync_FolderImageToS3_CatalogLoadsVerifiedReleaseWithEveryFile()
    {
        using var store = new S3ImageStore(S3ImageStoreTests.Options(S3ImageStoreTests.NewBucket()));
        using var signer = ReleaseSigner.CreateEphemeral();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var image = SampleImage();

        var published = await new ReleasePublisher(store, time, NullLogger<ReleasePublisher>.Instance)
            .PublishAsync(image, "2.1.0", "esp32", "2.0.0", signer, CancellationToken.None);
        var lookup = await new ReleaseCatalog(store, signer.PublicKey).GetAsync("esp32", "2.1.0", CancellationToken.None);

        Assert.Null(lookup.Error);
        var release = lookup.Release!;
        Assert.Equal(published.TransferId, release.TransferId);
        Assert.Equal(1_700_000_000_000, release.Manifest.CreatedMs);
        Assert.Equal("2.0.0", release.Manifest.MinimumVersion);
        Assert.Equal(image.Files.Sum(f => f.Content.Length), (int)release.Manifest.TotalSize);
        Assert.Equal(SHA256.HashData(image.Files.SelectMany(f => f.Content).ToArray()), release.Manifest.ImageSha256);
        for (int i = 0; i < image.Files.Count; i++)
        {
            var stored = await store.ReadAllAsync(release.FileKey(i), CancellationToken.None);
            Assert.Equal(image.Files[i].Content, stored.Data);
            Assert.Equal(SHA256.HashData(stored.Data), release.Manifest.Files[i].Sha256);
        }
    }

    [Fact]
    public async Task GetAsync_SignatureFromAnotherKey_RefusesRelease()
    {
        var store = new LocalFolderImageStore(Directory.CreateTempSubdirectory("iotstack-pub-").FullName);
        using var signer = ReleaseSigner.CreateEphemeral();
        using var other = ReleaseSigner.CreateEphemeral();
        await new ReleasePublisher(store, TimeProvider.System, NullLogger<ReleasePublisher>.Instance)
            .PublishAsync(SampleImage(), "1.0.0", "esp32", null, signer, CancellationToken.None);

        var lookup = await new ReleaseCatalog(store, other.PublicKey).GetAsync("esp32", "1.0.0", CancellationToken.None);

        Assert.Null(lookup.Release);
        Assert.Contains("signature", lookup.Error);
    }

    [Fact]
    public async Task PublishAsync_SameVersionTwice_RefusesSecond()
    {
        var store = new LocalFolderImageStore(Directory.CreateTempSubdirectory("iotstack-pub-").FullName);
        using var signer = ReleaseSigner.CreateEphemeral();
        var publisher = new ReleasePublisher(store, TimeProvider.System, NullLogger<ReleasePublisher>.Instance);
        await publisher.PublishAsync(SampleImage(), "1.0.0", "esp32", null, signer, CancellationToken.None);

        await Assert.ThrowsAsync<ImageStoreException>(() => publisher.PublishAsync(SampleImage(2), "1.0.0", "esp32", null, signer, CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_SingleBinFile_OneFileNamedAfterIt()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("iotstack-img-").FullName, "firmware.bin");
        await File.WriteAllBytesAsync(path, new byte[] { 1, 2, 3 });

        var image = await ReleaseImage.LoadAsync(path, CancellationToken.None);

        Assert.Equal("firmware.bin", Assert.Single(image.Files).Name);
    }
}
