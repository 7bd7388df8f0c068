using Renci.SshNet;
using Renci.SshNet.Common;

namespace IotStack.Maintenance.Connections;

internal sealed class SshNetSession(SshClient client, PrivateKeyFile key) : ISshSession
{
    public bool IsConnected => client.IsConnected;

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
        client.Dispose();
        key.Dispose();
    }

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max];
}
