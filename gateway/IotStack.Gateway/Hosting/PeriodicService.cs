using Microsoft.Extensions.Hosting;

namespace IotStack.Gateway.Hosting;

/// <summary>
/// A background job run every <see cref="Interval"/> on the gateway clock. A failed tick is reported and the next one
/// retries: one bad pass (a locked file, a dropped connection) must not stop the job for the life of the process.
/// </summary>
internal abstract class PeriodicService(TimeProvider time) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    /// <summary>Tick once at start instead of waiting a whole interval first.</summary>
    protected virtual bool TickAtStart => false;

    /// <summary>Runs once before the first tick; a failure here stops the service (the host reports it).</summary>
    protected virtual Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract Task TickAsync(CancellationToken cancellationToken);

    protected abstract void OnTickFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await StartingAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(Interval, Time);
        try
        {
            if (TickAtStart)
            {
                await GuardedTickAsync(stoppingToken).ConfigureAwait(false);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await GuardedTickAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task GuardedTickAsync(CancellationToken stoppingToken)
    {
        try
        {
            await TickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            OnTickFailed(ex);
        }
    }
}
