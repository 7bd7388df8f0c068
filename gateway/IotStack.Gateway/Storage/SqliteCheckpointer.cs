using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Storage;

/// <summary>
/// Checkpoints the SQLite WAL every CheckpointInterval on its own connection, so the ingest writer's commits only
/// append to the WAL (see <see cref="SqliteGatewayStore"/>). Does nothing for other stores.
/// </summary>
internal sealed partial class SqliteCheckpointer(ITelemetryStore store, GatewayMetrics metrics, TimeProvider time, IOptions<GatewayOptions> options, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not SqliteGatewayStore sqlite)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Storage.CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    WalCheckpoint pass = await sqlite.CheckpointAsync(stoppingToken).ConfigureAwait(false);
                    metrics.WalBehind(pass.Behind);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCheckpointFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint failed; the next interval retries (writers checkpoint by themselves past the backstop)")]
    private partial void LogCheckpointFailed(Exception exception);
}
