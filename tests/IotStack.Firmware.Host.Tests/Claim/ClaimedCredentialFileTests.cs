using IotStack.Firmware.Host.Claim;
using IotStack.Firmware.Host.Hal;

namespace IotStack.Firmware.Host.Tests.Claim;

public sealed class ClaimedCredentialFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "claimed-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void SaveThenLoad_SameCredentialOwnerOnly()
    {
        string path = ClaimedCredentialFile.PathFor(_dir, "vdev-0001");

        Assert.Null(ClaimedCredentialFile.Load(path));
        ClaimedCredentialFile.Save(path, new BrokerCredential("plant.vdev-0001", "s3cr3t"));

        Assert.Equal(new BrokerCredential("plant.vdev-0001", "s3cr3t"), ClaimedCredentialFile.Load(path));
        Assert.Contains("mqtt.user=plant.vdev-0001\n", File.ReadAllText(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Load_WithoutSecret_Null()
    {
        string path = ClaimedCredentialFile.PathFor(_dir, "vdev-0002");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "mqtt.user=plant.vdev-0002\n");

        Assert.Null(ClaimedCredentialFile.Load(path));
    }
}
