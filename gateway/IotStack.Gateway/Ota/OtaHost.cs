using IotStack.Gateway.Cluster;
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
/// <see cref="Dependency"/> with its error, and the first success clears it. Only the cluster's leader runs any of it
/// (<see cref="ILeadership"/>); on a follower <see cref="Engine"/> stays null and <see cref="OtaRoute"/> drops OTA traffic.
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
    ICampaignStore store,
    ILeadership leadership,
    DependencyHealth? health = null) : BackgroundService
{
    /// <summary>How /health names OTA's dependencies (its campaign store, the gateway store, the broker) while they fail.</summary>
    public const string Dependency = "ota";

    private readonly DependencyHealth _health = health ?? new DependencyHealth(time);
    private readonly ILogger _logger = loggers.CreateLogger<OtaHost>();

    /// <summary>The engine of the current term; null on a follower and while starting.</summary>
    public RolloutEngine? Engine { get; private set; }

    public ChunkServer? Server { get; private set; }

    public ReleaseCatalog Catalog => catalog;

    public TimeProvider Time => time;

    public ILeadership Leadership => leadership;

    /// <summary>
    /// Rollouts are a cluster singleton: each term of leadership loads every campaign from the (shared) store and runs
    /// them until the term ends; the next leader does the same from where the store says they were.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunWhileLeadingAsync(LeadAsync, stoppingToken);

    private async Task LeadAsync(CancellationToken term)
    {
        var engine = new RolloutEngine(store, catalog, offers, fleet, fleet, time, loggers.CreateLogger<RolloutEngine>());
        var relay = new OtaProgressRelay(engine, time);
        var server = new ChunkServer(new ChunkServerOptions(), inbox, publisher, catalog, cache, relay, loggers.CreateLogger<ChunkServer>());
        try
        {
            await RetryLoop.RunAsync(Dependency, _health, time, async ct =>
            {
                await fleet.RefreshAsync(ct).ConfigureAwait(false);
                await engine.LoadAsync(ct).ConfigureAwait(false);
            }, (ex, delay) => _logger.LogError(ex, "OTA start-up failed; retrying in {Delay}", delay), term).ConfigureAwait(false);
            server.Start();
            Server = server;
            Engine = engine;
            _logger.LogInformation("OTA: serving boards of fleet {Fleet} on the gateway's MQTT connection, releases in {Store}", options.Fleet, catalog.Store.Description);
            await TickUntilAsync(engine, relay, term).ConfigureAwait(false);
        }
        finally
        {
            Engine = null;
            Server = null;
            engine.Dispose();
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task TickUntilAsync(RolloutEngine engine, OtaProgressRelay relay, CancellationToken term)
    {
        while (!term.IsCancellationRequested)
        {
            try
            {
                await fleet.RefreshAsync(term, measureHealth: engine.AnyActive).ConfigureAwait(false);
                await engine.TickAsync().ConfigureAwait(false);
                await relay.DrainAsync(timeline, term).ConfigureAwait(false);
                _health.Succeeded(Dependency);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !term.IsCancellationRequested)
            {
                _health.Failed(Dependency, FailureClassifier.Describe(ex));
                _logger.LogError(ex, "OTA tick failed; retrying next tick");
            }

            await Task.Delay(options.TickInterval, time, term).ConfigureAwait(false);
        }
    }
}
