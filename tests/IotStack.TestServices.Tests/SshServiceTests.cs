using Renci.SshNet;
using Renci.SshNet.Common;

namespace IotStack.TestServices.Tests;

/// <summary>Proves IOTSTACK_TEST_SSH_* is a real sshd: key login, pinned host key, fake systemctl under sudo.</summary>
public sealed class SshServiceTests
{
    [Fact]
    public void RunCommand_PinnedHostKey_RunsAsTestUser()
    {
        var endpoint = ServiceEndpoints.Ssh;
        using var key = new PrivateKeyFile(endpoint.PrivateKeyPath);
        using var client = Connect(endpoint, key, endpoint.HostKeyFingerprint);

        using var command = client.RunCommand("id -un");

        Assert.Equal(0, command.ExitStatus);
        Assert.Equal(endpoint.User, command.Result.Trim());
    }

    [Fact]
    public void Connect_WrongHostKeyPin_IsRefused()
    {
        var endpoint = ServiceEndpoints.Ssh;
        using var key = new PrivateKeyFile(endpoint.PrivateKeyPath);
        // Same shape as a real pin (SHA256 of nothing), but not this server's key.
        const string WrongPin = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

        Assert.Throws<SshConnectionException>(() => Connect(endpoint, key, WrongPin).Dispose());
    }

    [Fact]
    public void RunCommand_SudoSystemctl_IsRecordedInCallsLog()
    {
        var endpoint = ServiceEndpoints.Ssh;
        var unit = "iot-smoke-" + Guid.NewGuid().ToString("N")[..12];
        using var key = new PrivateKeyFile(endpoint.PrivateKeyPath);
        using var client = Connect(endpoint, key, endpoint.HostKeyFingerprint);

        using var command = client.RunCommand("sudo -n systemctl restart " + unit);

        Assert.Equal(0, command.ExitStatus);
        Assert.Contains("uid=0 systemctl restart " + unit, File.ReadAllLines(endpoint.SystemctlLogPath));
    }

    [Fact]
    public void RunCommand_SudoOtherCommand_IsRefused()
    {
        var endpoint = ServiceEndpoints.Ssh;
        using var key = new PrivateKeyFile(endpoint.PrivateKeyPath);
        using var client = Connect(endpoint, key, endpoint.HostKeyFingerprint);

        using var command = client.RunCommand("sudo -n id -u");

        Assert.NotEqual(0, command.ExitStatus);
    }

    [Fact]
    public void RunCommand_FileWrittenToWorkDir_IsReadableByTestUser()
    {
        var endpoint = ServiceEndpoints.Ssh;
        var path = Path.Combine(endpoint.WorkDir, "smoke-" + Guid.NewGuid().ToString("N") + ".log");
        File.WriteAllText(path, "line one\nline two\n");
        try
        {
            using var key = new PrivateKeyFile(endpoint.PrivateKeyPath);
            using var client = Connect(endpoint, key, endpoint.HostKeyFingerprint);

            using var command = client.RunCommand("tail -n 1 '" + path + "'");

            Assert.Equal(0, command.ExitStatus);
            Assert.Equal("line two", command.Result.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static SshClient Connect(SshEndpoint endpoint, PrivateKeyFile key, string pinnedFingerprint)
    {
        var client = new SshClient(endpoint.Host, endpoint.Port, endpoint.User, key);
        client.ConnectionInfo.Timeout = TimeSpan.FromSeconds(15);
        // FingerPrintSHA256 is ssh-keygen's base64 without the "SHA256:" prefix.
        client.HostKeyReceived += (_, e) => e.CanTrust = "SHA256:" + e.FingerPrintSHA256 == pinnedFingerprint;
        try
        {
            client.Connect();
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
