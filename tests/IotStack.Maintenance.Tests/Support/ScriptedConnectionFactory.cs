using System.Collections.Concurrent;
using IotStack.Maintenance.Connections;
using IotStack.Maintenance.Hosts;

namespace IotStack.Maintenance.Tests.Support;

/// <summary>Sessions that answer each command from a script and remember what they were asked (for tools sshd cannot provide, like journald).</summary>
internal sealed class ScriptedConnectionFactory(Func<string, RemoteExecution> respond) : ISshConnectionFactory
{
    public ConcurrentQueue<string> Commands { get; } = new();

    private RemoteExecution Respond(string commandText) => respond(commandText);

    public Task<SshConnectResult> ConnectAsync(HostOptions host, CancellationToken cancellationToken) =>
        Task.FromResult(SshConnectResult.Connected(new Session(this)));

    private sealed class Session(ScriptedConnectionFactory owner) : ISshSession
    {
        public bool IsConnected => true;

        public Task<RemoteExecution> ExecuteAsync(string commandText, int maxOutputChars, CancellationToken cancellationToken, System.Text.Encoding? encoding = null)
        {
            owner.Commands.Enqueue(commandText);
            return Task.FromResult(owner.Respond(commandText));
        }

        public void Dispose()
        {
        }
    }
}
