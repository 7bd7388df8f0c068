using IotStack.Gateway.Resilience;
using IotStack.Gateway.Timeline;
using IotStack.Ota.Delivery;
using IotStack.Ota.Releases;
using IotStack.Ota.Rollouts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Ota;

/// <summary>
/// Hosts OTA in the gateway: the rollout engine (offers over the gateway's MQTT connection, <see cref="OfferChannel"/>),
/// the chunk server serving what the gateway's MQTT ingress posts to the <see cref="OtaInbox"/> (<see cref="OtaRoute"/>)
/// with the engine as its progress sink through <see cref="OtaProgressRelay"/>, campaigns loaded from their store,
/// then a tick loop that refreshes the fleet view, advances campaigns and writes OTA steps to the timeline. Everything
/// is wired by constructor, in that order. <see cref="Engine"/> is null until started; the API answers 503 meanwhile.
/// Start-up and ticks never throw out: a store that is down is retried with capped backoff and shown in /health as
/// <see cref="Dependency"/> with its error, and the first success clears it.
/// </summary>
internal sealed class OtaHost(
    OtaHostOptions options,
    ReleaseCatalog catalog,
    ImageCache cache,
    OtaInbox inbox,
    IDevicePublisher publisher,
    GatewayFleetView fleet,
    OfferChannel offers,
    ITimeline timeline,
    TimeProvider time,
    ILoggerFactory loggers,
    DependencyHealth? health = null) : BackgroundService
{
    /// <summary>How /health names OTA's dependencies (its campaign store, the gateway store, the broker) while they fail.</summary>
    public const string Dependency = "ota";

    private readonly DependencyHealth _health = health ?? new DependencyHealth(time);
    private readonly ILogger _logger = loggers.CreateLogger<OtaHost>();
    private SqliteCampaignStore? _store;
    private ChunkServer? _server;

    public RolloutEngine? Engine { get; private set; }

    public ChunkServer? Server => _server;

    public ReleaseCatalog Catalog => catalog;

    public TimeProvider Time => time;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RolloutEngine? engine = null;
        OtaProgressRelay? relay = null;
        await RetryLoop.RunAsync(Dependency, _health, time, async ct =>
        {
            _store ??= new SqliteCampaignStore(options.CampaignDatabase);
            engine ??= new RolloutEngine(_store, catalog, offers, fleet, fleet, time, loggers.CreateLogger<RolloutEngine>());
            relay ??= new OtaProgressRelay(engine, time);
            await fleet.RefreshAsync(ct).ConfigureAwait(false);
            if (_server is null)
            {
                _server = new ChunkServer(new ChunkServerOptions(), inbox, publisher, catalog, cache, relay, loggers.CreateLogger<ChunkServer>());
                _server.Start();
            }

            await engine.LoadAsync(ct).ConfigureAwait(false);
        }, (ex, delay) => _logger.LogError(ex, "OTA start-up failed; retrying in {Delay}", delay), stoppingToken).ConfigureAwait(false);
        Engine = engine;
        _logger.LogInformation("OTA: serving boards of fleet {Fleet} on the gateway's MQTT connection, releases in {Store}", options.Fleet, catalog.Store.Description);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await fleet.RefreshAsync(stoppingToken, measureHealth: engine!.AnyActive).ConfigureAwait(false);
                await engine.TickAsync().ConfigureAwait(false);
                await relay!.DrainAsync(timeline, stoppingToken).ConfigureAwait(false);
                _health.Succeeded(Dependency);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                _health.Failed(Dependency, FailureClassifier.Describe(ex));
                _logger.LogError(ex, "OTA tick failed; retrying next tick");
            }

            await Task.Delay(options.TickInterval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        Engine?.Dispose();
        _store?.Dispose();
    }
}
