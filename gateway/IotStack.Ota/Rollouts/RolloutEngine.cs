using IotStack.Ota.Releases;
using Microsoft.Extensions.Logging;

namespace IotStack.Ota.Rollouts;

/// <summary>
/// Runs OTA campaigns (docs/ota.md, "Rollout policy"): canary then batches, each wave gated on its
/// failure rate and, after a soak period, on the health of updated boards against boards not yet
/// updated; a failed gate rolls the updated boards back and aborts. Control flow is the table in
/// <see cref="CampaignTransitions"/>; every change is persisted so a restart resumes. Split by concern:
/// waves and gates (RolloutEngine.Waves.cs), per-board delivery with Polly retries and progress
/// (RolloutEngine.Delivery.cs).
/// </summary>
internal sealed partial class RolloutEngine : IDisposable
{
    private readonly ICampaignStore _store;
    private readonly ReleaseCatalog _catalog;
    private readonly IOfferChannel _offers;
    private readonly IFleetDirectory _directory;
    private readonly IFleetHealth _health;
    private readonly TimeProvider _time;
    private readonly ILogger<RolloutEngine> _logger;
    private readonly object _gate = new();
    private readonly Dictionary<string, CampaignRun> _runs = new(StringComparer.Ordinal);

    public RolloutEngine(ICampaignStore store, ReleaseCatalog catalog, IOfferChannel offers, IFleetDirectory directory, IFleetHealth health, TimeProvider time, ILogger<RolloutEngine> logger)
    {
        _store = store;
        _catalog = catalog;
        _offers = offers;
        _directory = directory;
        _health = health;
        _time = time;
        _logger = logger;
    }

    /// <summary>Loads persisted campaigns and restarts the deliveries that were under way.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var (campaign, devices) in _store.LoadAll())
        {
            var run = new CampaignRun(campaign);
            foreach (var d in devices)
            {
                run.Devices[d.Key] = d;
            }

            await ResolveReleasesAsync(run, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _runs[campaign.Id] = run;
                if (campaign.State is CampaignState.Running or CampaignState.Paused)
                {
                    foreach (var d in run.InWave(campaign.Wave).Where(d => !d.IsTerminal && d.State != DeviceRolloutState.Pending))
                    {
                        StartDelivery(run, d, rollback: false);
                    }
                }
                else if (campaign.State == CampaignState.RollingBack)
                {
                    StartRollback(run);
                }
            }
        }
    }

    public async Task<Campaign> CreateAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var run = new CampaignRun(campaign);
        await ResolveReleasesAsync(run, cancellationToken).ConfigureAwait(false);
        if (run.Release is null)
        {
            throw new ArgumentException($"Release {campaign.Board} {campaign.Version} is not in the catalog or does not verify.");
        }

        lock (_gate)
        {
            _runs.Add(campaign.Id, run);
            _store.SaveCampaign(campaign);
            RefreshMembers(run);
        }

        _logger.LogInformation("Campaign {Id}: {Board} {Version} to {Count} boards, starting {Start}", campaign.Id, campaign.Board, campaign.Version, run.Devices.Count, campaign.StartAt);
        return campaign;
    }

    public bool Pause(string id) => Command(id, CampaignEvent.Pause, "paused by operator");

    /// <summary>Resumes a paused campaign; the reason stops saying why it was paused (the log and timeline keep that).</summary>
    public bool Resume(string id) => Command(id, CampaignEvent.Resume, "resumed by operator");

    public bool Abort(string id) => Command(id, CampaignEvent.Abort, "aborted by operator");

    public CampaignStatus? Status(string id)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(id, out var run))
            {
                return null;
            }

            return new CampaignStatus(
                run.Campaign.Id, run.Campaign.State, run.Campaign.Wave, run.Campaign.Reason,
                run.Devices.Values.OrderBy(d => d.Key, StringComparer.Ordinal)
                    .Select(d => new DeviceStatus(d.Fleet, d.Device, d.Wave, d.State, d.Percent, d.Attempts, d.Reason)).ToList());
        }
    }

    /// <summary>Whether any campaign still has work (scheduled, running, soaking, paused or rolling back).</summary>
    public bool AnyActive
    {
        get
        {
            lock (_gate)
            {
                return _runs.Values.Any(r => r.IsActive);
            }
        }
    }

    public IReadOnlyList<string> CampaignIds()
    {
        lock (_gate)
        {
            return _runs.Keys.Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Advances every active campaign once; the host calls it every second or so.</summary>
    public Task TickAsync()
    {
        lock (_gate)
        {
            foreach (var run in _runs.Values.Where(r => r.IsActive))
            {
                Step(run);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Ticks until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await TickAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Waits for in-flight deliveries (tests and shutdown).</summary>
    public async Task DrainAsync()
    {
        Task[] tasks;
        lock (_gate)
        {
            tasks = _runs.Values.SelectMany(r => r.Deliveries).ToArray();
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var run in _runs.Values)
            {
                run.Stop.Cancel();
            }
        }
    }

    private bool Command(string id, CampaignEvent e, string? reason)
    {
        lock (_gate)
        {
            return _runs.TryGetValue(id, out var run) && Fire(run, e, reason);
        }
    }

    private async Task ResolveReleasesAsync(CampaignRun run, CancellationToken cancellationToken)
    {
        var c = run.Campaign;
        run.Release = (await _catalog.GetAsync(c.Board, c.Version, cancellationToken).ConfigureAwait(false)).Release;
        if (c.RollbackVersion is not null)
        {
            run.Rollback = (await _catalog.GetAsync(c.Board, c.RollbackVersion, cancellationToken).ConfigureAwait(false)).Release;
        }
    }
}
