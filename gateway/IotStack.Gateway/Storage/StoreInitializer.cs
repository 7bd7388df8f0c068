using IotStack.Gateway.Alerts;
using IotStack.Gateway.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Storage;

/// <summary>
/// First hosted service: creates the schema and loads the active alerts, then opens <see cref="StoreReadiness"/> so the
/// ingest writer and the periodic stages start. With the database down it does not fail start-up: the gateway runs
/// Degraded (/health names `store`), messages stay with the broker, and the schema is created when the database answers.
/// </summary>
internal sealed partial class StoreInitializer(
    IGatewayStore store, AlertEngine alerts, StoreReadiness readiness, DependencyHealth health, TimeProvider time, ILogger<StoreInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RetryLoop.RunAsync(DependencyHealth.Store, health, time, async ct =>
            {
                await store.InitializeAsync(ct).ConfigureAwait(false);
                await alerts.LoadAsync(ct).ConfigureAwait(false);
            }, (ex, delay) => LogNotReady(ex, delay), stoppingToken).ConfigureAwait(false);
            readiness.MarkReady();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Store not ready (schema or alerts); retrying in {Delay}, nothing is acknowledged meanwhile")]
    private partial void LogNotReady(Exception exception, TimeSpan delay);
}
