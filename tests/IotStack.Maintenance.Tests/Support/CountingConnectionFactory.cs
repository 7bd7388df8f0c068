using IotStack.Maintenance.Connections;
using IotStack.Maintenance.Hosts;

namespace IotStack.Maintenance.Tests.Support;

/// <summary>Counts connection attempts (proves refusals never connect) and can drop every open session (simulates a network cut).</summary>
internal sealed class CountingConnectionFactory(ISshConnectionFactory inner) : ISshConnectionFactory
{
    private readonly List<ISshSession> _sessions = [];
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>While true, every attempt fails as if the host were unreachable (a network outage).</summary>
    public bool Outage { get; set; }

    public async Task<SshConnectResult> ConnectAsync(HostOptions host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (Outage)
        {
            return SshConnectResult.Failed(IotStack.Maintenance.Commands.CommandStatus.Unreachable, $"{host.Name}: simulated outage");
        }

        var result = await inner.ConnectAsync(host, cancellationToken);
        if (result.Session is { } session)
        {
            lock (_sessions)
            {
                _sessions.Add(session);
            }
        }

        return result;
    }

    /// <summary>Closes the transport of every session handed out so far, as a dropped link would.</summary>
    public void DropAll()
    {
        lock (_sessions)
        {
            foreach (var session in _sessions)
            {
                session.Dispose();
            }

            _sessions.Clear();
        }
    }
}
