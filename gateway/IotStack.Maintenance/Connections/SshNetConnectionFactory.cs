using System.Net.Sockets;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Hosts;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace IotStack.Maintenance.Connections;

/// <summary>SSH.NET transport: public-key authentication only and a pinned host key, never trust-on-first-use.</summary>
internal sealed class SshNetConnectionFactory(MaintenanceOptions options, ILogger<SshNetConnectionFactory> logger) : ISshConnectionFactory
{
    public async Task<SshConnectResult> ConnectAsync(HostOptions host, CancellationToken cancellationToken)
    {
        if (!HostKeyPin.IsWellFormed(host.HostKeyFingerprint))
        {
            return SshConnectResult.Failed(
                CommandStatus.HostKeyRejected,
                $"Host '{host.Name}' has no pinned host key: run `iotstack hosts trust {host.Name}` and compare the fingerprint out of band.");
        }

        PrivateKeyFile key;
        try
        {
            key = host.KeyPassphrase is { Length: > 0 } pass ? new PrivateKeyFile(host.KeyFile, pass) : new PrivateKeyFile(host.KeyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SshException or ArgumentException)
        {
            return SshConnectResult.Failed(CommandStatus.AuthenticationFailed, $"Key file '{host.KeyFile}' for '{host.Name}' cannot be loaded: {ex.Message}");
        }

        var connectionInfo = new ConnectionInfo(host.Address, host.Port, host.User, new PrivateKeyAuthenticationMethod(host.User, key))
        {
            Timeout = options.ConnectTimeout,
        };
        var client = new SshClient(connectionInfo);
        string? presented = null;
        client.HostKeyReceived += (_, e) =>
        {
            presented = HostKeyPin.Prefix + e.FingerPrintSHA256;
            e.CanTrust = HostKeyPin.Matches(host.HostKeyFingerprint, e.FingerPrintSHA256);
        };

        try
        {
            // SSH.NET may keep waiting for the server banner after cancellation; WaitAsync guarantees the caller is released
            // and the orphaned client is disposed once its own timeout fires.
            var connect = client.ConnectAsync(cancellationToken);
            await connect.WaitAsync(cancellationToken).ConfigureAwait(false);
            return SshConnectResult.Connected(new SshNetSession(client, key));
        }
        catch (Exception ex)
        {
            var (status, message) = Classify(ex, host, presented, cancellationToken);
            logger.LogWarning("SSH connect to {Host} failed: {Status} {Message}", host.Name, status, message);
            // Disposing aborts a handshake that is still pending on the socket.
            client.Dispose();
            key.Dispose();
            return SshConnectResult.Failed(status, message);
        }
    }

    private static (CommandStatus, string) Classify(Exception ex, HostOptions host, string? presented, CancellationToken cancellationToken)
    {
        if (presented is not null && !HostKeyPin.Matches(host.HostKeyFingerprint, presented[HostKeyPin.Prefix.Length..]))
        {
            return (CommandStatus.HostKeyRejected,
                $"Host key of '{host.Name}' is {presented} but {host.HostKeyFingerprint} is pinned: refusing to connect (possible man-in-the-middle, or the host was reinstalled).");
        }

        return ex switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => (CommandStatus.TimedOut, $"Connecting to '{host.Name}' was cancelled or timed out."),
            SshOperationTimeoutException => (CommandStatus.TimedOut, $"'{host.Name}' did not complete the SSH handshake in time."),
            SshAuthenticationException => (CommandStatus.AuthenticationFailed, $"'{host.Name}' refused key authentication for user '{host.User}': {ex.Message}"),
            SocketException se => (CommandStatus.Unreachable, $"'{host.Name}' at {host.Address}:{host.Port} is unreachable: {se.SocketErrorCode}"),
            SshConnectionException => (CommandStatus.ConnectionLost, $"'{host.Name}' dropped the connection: {ex.Message}"),
            _ => (CommandStatus.Unreachable, $"'{host.Name}': {ex.GetType().Name}: {ex.Message}"),
        };
    }
}
