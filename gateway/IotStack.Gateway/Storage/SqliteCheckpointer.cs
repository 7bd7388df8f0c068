using IotStack.Gateway.Hosting;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Storage;

/// <summary>
/// Checkpoints the SQLite WAL every CheckpointInterval on its own connection, so the ingest writer's commits only
/// append to the WAL, and keeps the WAL file bounded (see <see cref="SqliteGatewayStore.CheckpointAsync"/>). Does
/// nothing for other stores.
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
        metrics.WalBytes(pass.WalBytes);
        LogPass(pass.Mode, pass.Busy, pass.WalFrames, pass.CheckpointedFrames, pass.WalBytes);
    }

    protected override void OnTickFailed(Exception exception) => LogCheckpointFailed(exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "WAL checkpoint {Mode}: busy {Busy}, {Log} frames in the WAL, {Checkpointed} copied; WAL file {WalBytes} bytes")]
    private partial void LogPass(string mode, bool busy, long log, long checkpointed, long walBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint failed; the next interval retries (writers checkpoint by themselves past the backstop)")]
    private partial void LogCheckpointFailed(Exception exception);
}
