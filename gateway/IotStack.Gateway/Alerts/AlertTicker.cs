using IotStack.Gateway.Devices;
using IotStack.Gateway.Hosting;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Alerts;

/// <summary>Drives the time-based parts of alerting (silence, hysteresis, escalation, reminders) once per tick.</summary>
internal sealed partial class AlertTicker(
    AlertEngine engine, DeviceMonitor devices, TimeProvider time, IOptions<GatewayOptions> options, ILogger<AlertTicker> logger,
    DependencyHealth? health = null, StoreReadiness? readiness = null)
    : PeriodicService(time, health, "store:alerts")
{
    protected override TimeSpan Interval => options.Value.Alerts.TickInterval;

    protected override async Task StartingAsync(CancellationToken cancellationToken)
    {
        await (readiness ?? StoreReadiness.Open).WaitAsync(cancellationToken).ConfigureAwait(false);
        await engine.LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task TickAsync(CancellationToken cancellationToken)
    {
        await devices.TickAsync(cancellationToken).ConfigureAwait(false);
        await engine.TickAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void OnTickFailed(Exception exception) => LogTickFailed(exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert tick failed; next tick retries")]
    private partial void LogTickFailed(Exception exception);
}
