using IotStack.Gateway.Alerts;
using IotStack.Gateway.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Storage;

/// <summary>
/// First hosted service: creates the schema and loads the active alerts, then opens <see cref="StoreReadiness"/> so the
/// ingest writer and the periodic stages start. With the database up this happens before start-up goes on, as before.
/// With the database down it does not fail start-up: the gateway runs Degraded (/health names `store`), messages stay
/// with the broker, and a background loop creates the schema when the database answers (capped backoff).
/// </summary>
internal sealed partial class StoreInitializer(
    IGatewayStore store, AlertEngine alerts, StoreReadiness readiness, DependencyHealth health, TimeProvider time, ILogger<StoreInitializer> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _retrying = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
            readiness.MarkReady();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            health.Failed(DependencyHealth.Store, FailureClassifier.Describe(ex));
            LogNotReady(ex, DependencyRetry.FirstDelay);
            _retrying = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _retrying.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await alerts.LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RetryAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(DependencyRetry.FirstDelay, time, stoppingToken).ConfigureAwait(false);
            // The first failure was logged with its stack; the retries say only why, so an outage is not a wall of traces.
            await RetryLoop.RunAsync(DependencyHealth.Store, health, time, InitializeAsync,
                (ex, delay) => LogStillNotReady(FailureClassifier.Describe(ex), delay), stoppingToken).ConfigureAwait(false);
            readiness.MarkReady();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Store not ready (schema or alerts); retrying in {Delay}, nothing is acknowledged meanwhile")]
    private partial void LogNotReady(Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Store still not ready: {Reason}; retrying in {Delay}")]
    private partial void LogStillNotReady(string reason, TimeSpan delay);
}
