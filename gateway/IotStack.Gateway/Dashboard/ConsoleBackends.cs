using IotStack.Gateway.Alerts;
using IotStack.Gateway.Dashboard.Readings;
using IotStack.Gateway.Options;
using IotStack.Gateway.Ota;
using IotStack.Gateway.Storage;
using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Logs;
using IotStack.Ota.Releases;
using Microsoft.Extensions.Options;

namespace IotStack.Gateway.Dashboard;

/// <summary>
/// The services the console reads and drives, each optional: the console is wired into hosts that may run
/// without maintenance or OTA, and a page then says "not available" instead of failing or inventing data.
/// Resolved per request, because the composition root may register them in any order.
/// </summary>
internal sealed class ConsoleBackends(IServiceProvider services)
{
    public IDeviceStore? Devices => services.GetService<IGatewayStore>() ?? services.GetService<IDeviceStore>();

    public ITelemetryStore? Telemetry => services.GetService<IGatewayStore>() ?? services.GetService<ITelemetryStore>();

    public IAlertStore? AlertStore => services.GetService<IGatewayStore>() ?? services.GetService<IAlertStore>();

    public ITimelineStore? Timeline => services.GetService<IGatewayStore>() ?? services.GetService<ITimelineStore>();

    /// <summary>Acknowledge and resolve go through the engine: it owns the active alerts.</summary>
    public AlertEngine? AlertEngine => services.GetService<AlertEngine>();

    public HostCommandRunner? Commands => services.GetService<HostCommandRunner>();

    public IAuditLog? Audit => services.GetService<IAuditLog>();

    public ILogStore? Logs => services.GetService<ILogStore>();

    public ReleaseCatalog? Releases => services.GetService<ReleaseCatalog>();

    /// <summary>Rollout campaigns; its engine is null until OTA has started (the page then says so).</summary>
    public OtaHost? Ota => services.GetService<OtaHost>();

    /// <summary>The newest reading per device and channel (registered by AddConsole; null in a host without it).</summary>
    public LatestReadings? Latest => services.GetService<LatestReadings>();

    public GatewayOptions Gateway => services.GetService<IOptions<GatewayOptions>>()?.Value ?? new GatewayOptions();

    public TimeProvider Time => services.GetService<TimeProvider>() ?? TimeProvider.System;
}
