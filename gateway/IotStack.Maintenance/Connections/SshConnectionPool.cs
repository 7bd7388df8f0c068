using System.Collections.Concurrent;
using IotStack.Maintenance.Hosts;

namespace IotStack.Maintenance.Connections;

/// <summary>
/// Keeps a few idle authenticated sessions per host so a fan-out or a log tailer does not pay the handshake on every
/// command. Limits: at most <see cref="MaintenanceOptions.MaxSessionsPerHost"/> leases per host at once (sshd's
/// MaxStartups/MaxSessions throttle bursts), and idle sessions beyond that are closed.
/// </summary>
internal sealed class SshConnectionPool(ISshConnectionFactory factory, MaintenanceOptions options) : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, HostSlot> _slots = new(StringComparer.OrdinalIgnoreCase);
    private int _disposed;

    public ISshConnectionFactory Factory => factory;

    /// <summary>Leases a session (reused when one is idle). The lease is a value: a failure says why there is no session.</summary>
    public async Task<SshLeaseResult> LeaseAsync(HostOptions host, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var slot = _slots.GetOrAdd(SlotKey(host), _ => new HostSlot(options.MaxSessionsPerHost));
        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (slot.Idle.TryPop(out var idle))
            {
                if (idle.IsConnected)
                {
                    return SshLeaseResult.Leased(new SshLease(this, slot, idle, reused: true));
                }

                idle.Dispose();
            }

            var connected = await factory.ConnectAsync(host, cancellationToken).ConfigureAwait(false);
            if (connected.Session is null)
            {
                slot.Gate.Release();
                return SshLeaseResult.Failed(connected.Failure, connected.Message);
            }

            return SshLeaseResult.Leased(new SshLease(this, slot, connected.Session, reused: false));
        }
        catch
        {
            slot.Gate.Release();
            throw;
        }
    }

    /// <summary>Closes idle sessions of a host, e.g. after its pinned key changed in configuration.</summary>
    public void Evict(HostOptions host)
    {
        if (_slots.TryRemove(SlotKey(host), out var slot))
        {
            while (slot.Idle.TryPop(out var idle))
            {
                idle.Dispose();
            }
        }
    }

    internal void Return(HostSlot slot, ISshSession session, bool healthy)
    {
        if (healthy && session.IsConnected && Volatile.Read(ref _disposed) == 0 && slot.Idle.Count < options.MaxSessionsPerHost)
        {
            slot.Idle.Push(session);
        }
        else
        {
            session.Dispose();
        }

        slot.Gate.Release();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var slot in _slots.Values)
        {
            while (slot.Idle.TryPop(out var idle))
            {
                idle.Dispose();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // A changed address, user or pin must not reuse a session opened under the old settings.
    private static string SlotKey(HostOptions host) =>
        string.Join('\n', host.Name, host.Address, host.Port, host.User, host.KeyFile, host.HostKeyFingerprint);

    internal sealed class HostSlot(int maxSessions)
    {
        public SemaphoreSlim Gate { get; } = new(maxSessions, maxSessions);

        public ConcurrentStack<ISshSession> Idle { get; } = new();
    }
}
