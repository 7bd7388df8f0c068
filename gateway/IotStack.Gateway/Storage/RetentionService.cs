using IotStack.Gateway.Hosting;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Storage;

/// <summary>Deletes raw samples past their retention (rollups stay for charts) at start and every PruneInterval.</summary>
internal sealed partial class RetentionService(
    ITelemetryStore store, TimeProvider time, IOptions<GatewayOptions> options, ILogger<RetentionService> logger,
    DependencyHealth? health = null, StoreReadiness? readiness = null)
    : PeriodicService(time, health, "store:retention")
{
    protected override TimeSpan Interval => options.Value.Storage.PruneInterval;

    protected override bool TickAtStart => true;

    protected override Task StartingAsync(CancellationToken cancellationToken) => (readiness ?? StoreReadiness.Open).WaitAsync(cancellationToken);

    protected override async Task TickAsync(CancellationToken cancellationToken)
    {
        StorageOptions storage = options.Value.Storage;
        DateTimeOffset now = Time.GetUtcNow();
        long deleted = await store.PruneAsync(now - storage.RawRetention, now - storage.MinuteRollupRetention, cancellationToken).ConfigureAwait(false);
        LogPruned(deleted);
    }

    protected override void OnTickFailed(Exception exception) => LogPruneFailed(exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retention removed {Deleted} rows")]
    private partial void LogPruned(long deleted);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention pass failed; next interval retries")]
    private partial void LogPruneFailed(Exception exception);
}
