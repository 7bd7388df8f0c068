using Renci.SshNet;
using Renci.SshNet.Common;

namespace IotStack.Maintenance.Connections;

internal sealed class SshNetSession(SshClient client, PrivateKeyFile key) : ISshSession
{
    private int _disposed;

    // SSH.NET throws from IsConnected once disposed; a session closed under us (dropped link, pool eviction) is just "not connected".
    public bool IsConnected => Volatile.Read(ref _disposed) == 0 && client.IsConnected;

    public async Task<RemoteExecution> ExecuteAsync(string commandText, int maxOutputChars, CancellationToken cancellationToken, System.Text.Encoding? encoding = null)
    {
        using var command = encoding is null ? client.CreateCommand(commandText) : client.CreateCommand(commandText, encoding);
        try
        {
            await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SshException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            throw new SshSessionLostException(ex.Message, ex);
        }

        var output = command.Result;
        var error = command.Error;
        var truncated = output.Length > maxOutputChars || error.Length > maxOutputChars;
        return new RemoteExecution(
            command.ExitStatus,
            truncated ? Cap(output, maxOutputChars) : output,
            truncated ? Cap(error, maxOutputChars) : error,
            truncated);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        client.Dispose();
        key.Dispose();
    }

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max];
}
