using System.Text.Json.Nodes;
using IotStack.Maintenance.Hosts;
using IotStack.Maintenance.Tests.Support;

namespace IotStack.Maintenance.Tests.Hosts;

[Collection(LiveSshCollection.Name)]
public sealed class HostTrustTests
{
    private const string Config = """
        {
          // comments are allowed in appsettings files
          "Logging": { "LogLevel": { "Default": "Information" } },
          "Maintenance": {
            "Hosts": [
              { "Name": "edge-1", "Address": "10.0.0.5", "User": "iot", "KeyFile": "/k", "HostKeyFingerprint": "" },
              { "Name": "edge-2", "Address": "10.0.0.6", "User": "iot", "KeyFile": "/k" }
            ]
          }
        }
        """;

    [Fact]
    public async Task FetchFingerprintAsync_LiveSshd_ReturnsTheKeySshKeygenPrints()
    {
        var ssh = MaintenanceHarness.Ssh;

        var probe = await HostTrust.FetchFingerprintAsync(ssh.Host, ssh.Port, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(probe.Succeeded, probe.Error);
        Assert.Equal(ssh.HostKeyFingerprint, probe.Fingerprint);
        Assert.Equal("ssh-ed25519", probe.KeyType);
    }

    [Fact]
    public async Task FetchFingerprintAsync_NothingListening_ReturnsError()
    {
        var probe = await HostTrust.FetchFingerprintAsync("127.0.0.1", 1, TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.False(probe.Succeeded);
        Assert.NotNull(probe.Error);
    }

    [Fact]
    public async Task RecordFingerprintAsync_KnownHost_PinsKeyAndKeepsOtherSettings()
    {
        using var temp = new TempDirectory();
        var path = temp.File("appsettings.json");
        await File.WriteAllTextAsync(path, Config);
        var fingerprint = MaintenanceHarness.Ssh.HostKeyFingerprint;

        var result = await HostTrust.RecordFingerprintAsync(path, "EDGE-2", fingerprint, CancellationToken.None);

        Assert.Equal(TrustRecordResult.Recorded, result);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.Equal(fingerprint, (string?)json["Maintenance"]!["Hosts"]![1]!["HostKeyFingerprint"]);
        Assert.Equal("", (string?)json["Maintenance"]!["Hosts"]![0]!["HostKeyFingerprint"]);
        Assert.Equal("Information", (string?)json["Logging"]!["LogLevel"]!["Default"]);
        Assert.Equal(TrustRecordResult.Unchanged, await HostTrust.RecordFingerprintAsync(path, "edge-2", fingerprint, CancellationToken.None));
    }

    [Fact]
    public async Task RecordFingerprintAsync_UnknownHost_LeavesFileAlone()
    {
        using var temp = new TempDirectory();
        var path = temp.File("appsettings.json");
        await File.WriteAllTextAsync(path, Config);

        var result = await HostTrust.RecordFingerprintAsync(path, "edge-9", MaintenanceHarness.Ssh.HostKeyFingerprint, CancellationToken.None);

        Assert.Equal(TrustRecordResult.HostNotFound, result);
        Assert.Equal(Config, await File.ReadAllTextAsync(path));
    }

    [Theory]
    [InlineData("qNDzokeBRESnjdph/c1s4uEnbzQKUMcKasSssCXEss8")]
    [InlineData("SHA256:short")]
    [InlineData("MD5:ab:cd")]
    [InlineData("SHA256:qNDzokeBRESnjdph/c1s4uEnbzQKUMcKasSssCXEss8\"}")]
    public async Task RecordFingerprintAsync_MalformedFingerprint_Refused(string fingerprint)
    {
        using var temp = new TempDirectory();
        var path = temp.File("appsettings.json");
        await File.WriteAllTextAsync(path, Config);

        Assert.Equal(TrustRecordResult.InvalidFingerprint, await HostTrust.RecordFingerprintAsync(path, "edge-1", fingerprint, CancellationToken.None));
    }
}
