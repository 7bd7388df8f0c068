using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Connections;
using IotStack.Maintenance.Health;
using IotStack.Maintenance.Hosts;
using IotStack.Maintenance.Logs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using HostOptions = IotStack.Maintenance.Hosts.HostOptions;

namespace IotStack.Maintenance.Tailing;

/// <summary>Runs every configured tail in its own loop (a dead host only stalls its own tails) and applies log retention hourly.</summary>
internal sealed class LogTailingService(
    MaintenanceOptions options,
    HostInventory inventory,
    CommandCatalog catalog,
    SshConnectionPool pool,
    LogMonitor monitor,
    TimeProvider time,
    ILogger<LogTailingService> logger,
    IMaintenanceHealth? health = null) : BackgroundService
{
    /// <summary>How health reports name the log store while it fails (the gateway's /health shows it).</summary>
    public const string LogStoreDependency = "store:maintenance-logs";

    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);
    private readonly IMaintenanceHealth _health = health ?? new LoggedMaintenanceHealth();
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(10);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task> { PurgeLoopAsync(stoppingToken) };
        foreach (var tail in options.Tails)
        {
            if (inventory.Find(tail.Host) is not { } host)
            {
                throw new MaintenanceConfigurationException($"Tail of '{tail.Path ?? tail.Unit}' names unknown host '{tail.Host}'.");
            }

            loops.Add(tail.Path is { Length: > 0 } path
                ? FileLoopAsync(host, tail, path, stoppingToken)
                : JournalLoopAsync(host, tail, stoppingToken));
        }

        return Task.WhenAll(loops);
    }

    private async Task FileLoopAsync(HostOptions host, TailOptions tail, string path, CancellationToken stoppingToken)
    {
        var key = $"{host.Name}:{path}";
        var saved = await LoadCheckpointAsync(key, stoppingToken).ConfigureAwait(false);
        var tailer = new RemoteFileTailer(host, path, tail.Format, tail.FromStart, catalog, pool, time, start: saved?.Position ?? TailPosition.Unknown);
        await FileLoopAsync(tailer, key, tail.PollInterval, stoppingToken).ConfigureAwait(false);
    }

    private async Task JournalLoopAsync(HostOptions host, TailOptions tail, CancellationToken stoppingToken)
    {
        var key = $"{host.Name}:journal:{tail.Unit}";
        var saved = await LoadCheckpointAsync(key, stoppingToken).ConfigureAwait(false);
        var tailer = new JournalTailer(host, tail.Unit ?? "", catalog, pool, time, saved?.Cursor);
        await JournalLoopAsync(tailer, key, tail.PollInterval, stoppingToken).ConfigureAwait(false);
    }

    private async Task FileLoopAsync(RemoteFileTailer tailer, string key, TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await GuardedAsync(async () =>
            {
                var poll = await tailer.PollAsync(options.CommandTimeout, stoppingToken).ConfigureAwait(false);
                await HandleAsync(poll, tailer.Host, tailer.Path, new TailCheckpoint(key, tailer.Position), stoppingToken).ConfigureAwait(false);
            }, tailer.Host, tailer.Path, stoppingToken).ConfigureAwait(false);
            await DelayAsync(interval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task JournalLoopAsync(JournalTailer tailer, string key, TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await GuardedAsync(async () =>
            {
                var poll = await tailer.PollAsync(options.CommandTimeout, stoppingToken).ConfigureAwait(false);
                await HandleAsync(poll, tailer.Host, tailer.Unit, new TailCheckpoint(key, TailPosition.Unknown, tailer.Cursor), stoppingToken).ConfigureAwait(false);
            }, tailer.Host, tailer.Unit, stoppingToken).ConfigureAwait(false);
            await DelayAsync(interval, stoppingToken).ConfigureAwait(false);
        }
    }

    // One bad poll (a locked database, a bug in a sink) must not end the tail for good; it retries on the next tick.
    private async Task GuardedAsync(Func<Task> poll, string host, string what, CancellationToken stoppingToken)
    {
        try
        {
            await poll().ConfigureAwait(false);
            _health.Succeeded(TailDependency(host, what));
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            _health.Failed(TailDependency(host, what), $"{ex.GetType().Name}: {ex.Message}");
            logger.LogError(ex, "Tail of {What} on {Host} failed; retrying next interval", what, host);
        }
    }

    private static string TailDependency(string host, string what) => $"maintenance:{host}:{what}";

    // The checkpoint store down at start-up (a locked or full disk) delays this tail; it must not stop the host.
    private async Task<TailCheckpoint?> LoadCheckpointAsync(string key, CancellationToken stoppingToken)
    {
        TimeSpan delay = FirstRetry;
        while (true)
        {
            try
            {
                TailCheckpoint? saved = await monitor.Store.LoadCheckpointAsync(key, stoppingToken).ConfigureAwait(false);
                _health.Succeeded(LogStoreDependency);
                return saved;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _health.Failed(LogStoreDependency, $"{ex.GetType().Name}: {ex.Message}");
                logger.LogError(ex, "Loading the tail checkpoint {Key} failed; retrying in {Delay}", key, delay);
            }

            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            delay = delay * 2 < MaxRetry ? delay * 2 : MaxRetry;
        }
    }

    private async Task HandleAsync(TailPoll poll, string host, string what, TailCheckpoint checkpoint, CancellationToken stoppingToken)
    {
        if (!poll.Succeeded)
        {
            logger.LogWarning("Tail of {What} on {Host}: {Status} {Message}; will resume at offset {Offset}", what, host, poll.Status, poll.Message, poll.Position.Offset);
            return;
        }

        if (poll.Rotated || poll.Truncated)
        {
            logger.LogInformation("Tail of {What} on {Host}: file {Change}", what, host, poll.Message);
        }

        await monitor.IngestAsync(poll.Records, stoppingToken, checkpoint).ConfigureAwait(false);
    }

    private async Task PurgeLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan next = PurgeEvery;
            try
            {
                var purged = await monitor.Store.PurgeAsync(stoppingToken).ConfigureAwait(false);
                _health.Succeeded(LogStoreDependency);
                if (purged > 0)
                {
                    logger.LogInformation("Log retention removed {Count} records older than {Retention}", purged, options.LogRetention);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Retention is housekeeping: a failed pass is retried soon, it never ends the service.
                _health.Failed(LogStoreDependency, $"{ex.GetType().Name}: {ex.Message}");
                logger.LogError(ex, "Log retention failed; retrying in {Delay}", MaxRetry);
                next = MaxRetry;
            }

            await DelayAsync(next, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
