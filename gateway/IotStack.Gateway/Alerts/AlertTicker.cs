using IotStack.Gateway.Devices;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Alerts;

/// <summary>Drives the time-based parts of alerting (silence, hysteresis, escalation, reminders) once per tick.</summary>
internal sealed partial class AlertTicker(AlertEngine engine, DeviceMonitor devices, TimeProvider time, IOptions<GatewayOptions> options, ILogger<AlertTicker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await engine.LoadAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.Value.Alerts.TickInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await devices.TickAsync(stoppingToken).ConfigureAwait(false);
                    await engine.TickAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogTickFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert tick failed; next tick retries")]
    private partial void LogTickFailed(Exception exception);
}
