namespace IotStack.Gateway.Tests.Chaos;

/// <summary>
/// Samples a child's RSS every 250 ms and keeps the peak. The bound a chaos test states is relative to the same
/// process's own baseline in the same run (its RSS once warm), never an absolute figure or a timing.
/// </summary>
internal sealed class MemoryWatch : IAsyncDisposable
{
    private readonly Func<long> _read;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public MemoryWatch(Func<long> read)
    {
        _read = read;
        _loop = LoopAsync();
    }

    public long Peak => Interlocked.Read(ref _peak);

    /// <summary>Starts a new peak (after a restart the new process has its own).</summary>
    public void Reset() => Interlocked.Exchange(ref _peak, 0);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            long now = _read();
            long peak;
            do
            {
                peak = Interlocked.Read(ref _peak);
            }
            while (now > peak && Interlocked.CompareExchange(ref _peak, now, peak) != peak);

            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
