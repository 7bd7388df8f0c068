using IotStack.Gateway.Hosting;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Detection;

/// <summary>
/// Runs a checkpoint pass every <see cref="DetectionOptions.CheckpointInterval"/>, and a last one on a graceful stop
/// once every committed sample is scored. Registered before the ingest writer, so it stops after it: nothing is
/// committed after the last pass. A failed pass is logged and /health shows it; the next one retries.
/// </summary>
internal sealed partial class DetectorCheckpointService(
    DetectorCheckpoints checkpoints, DetectionStage stage, TimeProvider time, IOptions<GatewayOptions> options, ILogger<DetectorCheckpointService> logger,
    DependencyHealth? health = null, StoreReadiness? readiness = null)
    : PeriodicService(time, health, DetectorCheckpoints.Dependency)
{
    protected override TimeSpan Interval => options.Value.Detection.CheckpointInterval;

    protected override Task StartingAsync(CancellationToken cancellationToken) => (readiness ?? StoreReadiness.Open).WaitAsync(cancellationToken);

    protected override async Task TickAsync(CancellationToken cancellationToken)
    {
        int written = await checkpoints.SaveAsync(cancellationToken).ConfigureAwait(false);
        LogSaved(written);
    }

    protected override void OnTickFailed(Exception exception) => LogPassFailed(exception);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (readiness is { IsReady: false })
        {
            return;
        }

        try
        {
            await stage.DrainAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            int written = await checkpoints.SaveAsync(cancellationToken).ConfigureAwait(false);
            LogStopSaved(written);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Stopping goes on: the series resume from their previous checkpoint.
            LogStopFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Detector checkpoints: {Written} series written")]
    private partial void LogSaved(int written);

    [LoggerMessage(Level = LogLevel.Information, Message = "Detector checkpoints on stop: {Written} series written")]
    private partial void LogStopSaved(int written);

    [LoggerMessage(Level = LogLevel.Error, Message = "Detector checkpoint pass failed; the next interval retries")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Detector checkpoints on stop failed; series resume from their previous checkpoint")]
    private partial void LogStopFailed(Exception exception);
}
