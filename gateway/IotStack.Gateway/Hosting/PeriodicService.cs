using IotStack.Gateway.Resilience;
using Microsoft.Extensions.Hosting;

namespace IotStack.Gateway.Hosting;

/// <summary>
/// A background job run every <see cref="Interval"/> on the gateway clock. A failed tick is reported (log and /health,
/// under <paramref name="dependency"/>) and the next one retries: one bad pass (a locked file, a database that is down)
/// must not stop the job for the life of the process, nor the host. The first success turns /health back to ok.
/// </summary>
/// <param name="dependency">How /health names this stage's dependency, e.g. "store:alerts".</param>
internal abstract class PeriodicService(TimeProvider time, DependencyHealth? health, string dependency) : BackgroundService
{
    private readonly DependencyHealth _health = health ?? new DependencyHealth(time);

    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    /// <summary>Tick once at start instead of waiting a whole interval first.</summary>
    protected virtual bool TickAtStart => false;

    /// <summary>Runs once before the first tick, retried with capped backoff until it succeeds (never stops the host).</summary>
    protected virtual Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract Task TickAsync(CancellationToken cancellationToken);

    protected abstract void OnTickFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RetryLoop.RunAsync(dependency, _health, Time, StartingAsync, (ex, _) => OnTickFailed(ex), stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(Interval, Time);
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
            _health.Succeeded(dependency);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            _health.Failed(dependency, FailureClassifier.Describe(ex));
            OnTickFailed(ex);
        }
    }
}
