using IotStack.Gateway.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Storage;

/// <summary>Deletes raw samples past their retention (rollups stay for charts) every PruneInterval.</summary>
internal sealed partial class RetentionService(ITelemetryStore store, TimeProvider time, IOptions<GatewayOptions> options, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        StorageOptions storage = options.Value.Storage;
        using var timer = new PeriodicTimer(storage.PruneInterval, time);
        try
        {
            do
            {
                DateTimeOffset now = time.GetUtcNow();
                try
                {
                    long deleted = await store.PruneAsync(now - storage.RawRetention, now - storage.MinuteRollupRetention, stoppingToken).ConfigureAwait(false);
                    LogPruned(deleted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPruneFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retention removed {Deleted} rows")]
    private partial void LogPruned(long deleted);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention pass failed; next interval retries")]
    private partial void LogPruneFailed(Exception exception);
}
