using IotStack.Gateway.Hosting;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Storage;

/// <summary>
/// Checkpoints the SQLite WAL every CheckpointInterval on its own connection, so the ingest writer's commits only
/// append to the WAL (see <see cref="SqliteGatewayStore"/>). Does nothing for other stores.
/// </summary>
internal sealed partial class SqliteCheckpointer(
    ITelemetryStore store, GatewayMetrics metrics, TimeProvider time, IOptions<GatewayOptions> options, ILogger<SqliteCheckpointer> logger,
    DependencyHealth? health = null, StoreReadiness? readiness = null)
    : PeriodicService(time, health, "store:checkpoint")
{
    // Other stores: a timer that never fires rather than one that ticks for nothing.
    protected override TimeSpan Interval => store is SqliteGatewayStore ? options.Value.Storage.CheckpointInterval : Timeout.InfiniteTimeSpan;

    protected override Task StartingAsync(CancellationToken cancellationToken) => (readiness ?? StoreReadiness.Open).WaitAsync(cancellationToken);

    protected override async Task TickAsync(CancellationToken cancellationToken)
    {
        WalCheckpoint pass = await ((SqliteGatewayStore)store).CheckpointAsync(cancellationToken).ConfigureAwait(false);
        metrics.WalBehind(pass.Behind);
    }

    protected override void OnTickFailed(Exception exception) => LogCheckpointFailed(exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint failed; the next interval retries (writers checkpoint by themselves past the backstop)")]
    private partial void LogCheckpointFailed(Exception exception);
}
