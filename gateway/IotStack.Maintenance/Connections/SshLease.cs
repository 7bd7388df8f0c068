namespace IotStack.Maintenance.Connections;

/// <summary>Exclusive use of a pooled session. Dispose returns it; call <see cref="MarkBroken"/> first when it failed mid-command.</summary>
internal sealed class SshLease : IDisposable
{
    private readonly SshConnectionPool _pool;
    private readonly SshConnectionPool.HostSlot _slot;
    private bool _broken;
    private int _returned;

    internal SshLease(SshConnectionPool pool, SshConnectionPool.HostSlot slot, ISshSession session, bool reused)
    {
        _pool = pool;
        _slot = slot;
        Session = session;
        Reused = reused;
    }

    public ISshSession Session { get; }

    /// <summary>True when the session came from the pool rather than a fresh handshake.</summary>
    public bool Reused { get; }

    public void MarkBroken() => _broken = true;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 0)
        {
            _pool.Return(_slot, Session, healthy: !_broken);
        }
    }
}
