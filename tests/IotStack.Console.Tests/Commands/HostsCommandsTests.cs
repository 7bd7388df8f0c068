using IotStack.Cli.Commands;
using IotStack.TestServices;

namespace IotStack.Console.Tests.Commands;

/// <summary><c>iotstack hosts trust</c> against the harness's real sshd: pin only after confirmation.</summary>
public sealed class HostsCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iotstack-hosts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TrustAsync_Confirmed_PinsTheHostsRealFingerprint()
    {
        string config = WriteConfig();
        var output = new StringWriter();

        int code = await HostsCommands.TrustAsync(config, "web-1", assumeYes: false, new StringReader("yes\n"), output, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains(ServiceEndpoints.Ssh.HostKeyFingerprint, output.ToString(), StringComparison.Ordinal);
        string written = await File.ReadAllTextAsync(config);
        var pinned = System.Text.Json.Nodes.JsonNode.Parse(written)!["Maintenance"]!["Hosts"]![0]!["HostKeyFingerprint"]!.GetValue<string>();
        Assert.Equal(ServiceEndpoints.Ssh.HostKeyFingerprint, pinned);
        Assert.Contains(ServiceEndpoints.Ssh.HostKeyFingerprint, written, StringComparison.Ordinal); // readable in the file, not \u-escaped
    }

    [Fact]
    public async Task TrustAsync_NotConfirmed_LeavesConfigUntouched()
    {
        string config = WriteConfig();
        string before = await File.ReadAllTextAsync(config);

        int code = await HostsCommands.TrustAsync(config, "web-1", assumeYes: false, new StringReader("no\n"), new StringWriter(), CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Equal(before, await File.ReadAllTextAsync(config));
    }

    [Fact]
    public async Task TrustAsync_UnknownHost_RefusedWithoutChange()
    {
        string config = WriteConfig();
        var output = new StringWriter();

        int code = await HostsCommands.TrustAsync(config, "nope", assumeYes: true, TextReader.Null, output, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("No host 'nope'", output.ToString(), StringComparison.Ordinal);
    }

    private string WriteConfig()
    {
        SshEndpoint ssh = ServiceEndpoints.Ssh;
        string path = Path.Combine(_dir, "appsettings.json");
        File.WriteAllText(path, $$"""
            {
              "Maintenance": {
                "Hosts": [
                  { "Name": "web-1", "Address": "{{ssh.Host}}", "Port": {{ssh.Port}}, "User": "{{ssh.User}}", "KeyFile": "{{ssh.PrivateKeyPath}}" }
                ]
              }
            }
            """);
        return path;
    }
}
