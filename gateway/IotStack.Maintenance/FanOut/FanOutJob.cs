using System.Collections.Concurrent;
using System.Diagnostics;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Hosts;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace IotStack.Maintenance.FanOut;

/// <summary>
/// One run of a template over a group: canary first, optional approval, then the rest with bounded concurrency.
/// Each host gets its own per-attempt timeout and retries with exponential backoff (Polly), so a dead host holds one
/// slot for at most timeout × attempts and never the whole job. Once failures pass the threshold no new host starts.
/// </summary>
internal sealed class FanOutJob
{
    private readonly HostCommandRunner _runner;
    private readonly MaintenanceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, FanOutHostResult> _rows = new(StringComparer.OrdinalIgnoreCase);
    private int _finished;
    private int _failed;
    private int _total;

    public FanOutJob(FanOutRequest request, HostCommandRunner runner, MaintenanceOptions options, TimeProvider time, ILogger logger)
    {
        Request = request;
        _runner = runner;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public FanOutRequest Request { get; }

    /// <summary>Every state change, as it happens (also reported through the <see cref="IProgress{T}"/> given to <see cref="RunAsync"/>).</summary>
    public event Action<FanOutProgress>? ProgressChanged;

    /// <summary>Current rows, for a live view while the job runs.</summary>
    public IReadOnlyList<FanOutHostResult> Snapshot() => _rows.Values.OrderBy(r => r.Host, StringComparer.Ordinal).ToList();

    public async Task<FanOutResult> RunAsync(IProgress<FanOutProgress>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var request = Request;
        var validation = _runner.Catalog.Validate(request.Template, request.Arguments);
        if (validation.Command is not { } command)
        {
            await _runner.AuditRefusalAsync(request.Target, request.Template, request.Arguments, validation.Refusal, request.RequestedBy).ConfigureAwait(false);
            return Finish(started, halted: true, validation.Refusal);
        }

        var hosts = _runner.Inventory.Resolve(request.Target);
        if (hosts.Count == 0)
        {
            var reason = $"'{request.Target}' is neither a group nor a host in the inventory.";
            await _runner.AuditRefusalAsync(request.Target, request.Template, request.Arguments, reason, request.RequestedBy).ConfigureAwait(false);
            return Finish(started, halted: true, reason);
        }

        _total = hosts.Count;
        var canary = request.Canary ? hosts.FirstOrDefault(h => string.Equals(h.Name, request.CanaryHost, StringComparison.OrdinalIgnoreCase)) ?? hosts[0] : null;
        foreach (var host in hosts)
        {
            _rows[host.Name] = new FanOutHostResult(host.Name, FanOutHostState.Pending, 0, null, "", host == canary);
        }

        var pipeline = BuildPipeline(command.Template);
        var timeout = request.PerHostTimeout ?? _options.CommandTimeout;
        var rest = hosts.Where(h => h != canary).ToList();
        if (canary is not null)
        {
            var canaryRow = await RunHostAsync(canary, command, pipeline, timeout, progress, cancellationToken).ConfigureAwait(false);
            if (canaryRow.State != FanOutHostState.Succeeded)
            {
                return SkipRest(rest, progress, started, $"Canary {canary.Name} failed: {canaryRow.Reason}");
            }

            if (request.Approval is { } approve && rest.Count > 0
                && !await approve(new FanOutApprovalRequest(Id, request.Template, canaryRow.Outcome!, rest.Count), cancellationToken).ConfigureAwait(false))
            {
                return SkipRest(rest, progress, started, "Approval after the canary was refused.");
            }
        }

        var halt = 0;
        string haltReason = "";
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxConcurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(rest, parallel, async (host, ct) =>
        {
            if (Volatile.Read(ref halt) != 0)
            {
                Skip(host.Name, progress, "Not started: the job halted.");
                return;
            }

            var row = await RunHostAsync(host, command, pipeline, timeout, progress, ct).ConfigureAwait(false);
            if (row.State == FanOutHostState.Failed && Volatile.Read(ref _failed) > request.FailureThreshold * _total
                && Interlocked.Exchange(ref halt, 1) == 0)
            {
                haltReason = $"{Volatile.Read(ref _failed)} of {_total} hosts failed (threshold {request.FailureThreshold:P0}).";
                _logger.LogWarning("Fan-out {JobId} of {Template} halted: {Reason}", Id, request.Template, haltReason);
            }
        }).ConfigureAwait(false);

        return Finish(started, halt != 0, haltReason);
    }

    private ResiliencePipeline<CommandOutcome> BuildPipeline(CommandTemplate template) =>
        Request.Retries <= 0
            ? ResiliencePipeline<CommandOutcome>.Empty
            : new ResiliencePipelineBuilder<CommandOutcome> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<CommandOutcome>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } outcome && outcome.IsRetryable(template)),
                MaxRetryAttempts = Request.Retries,
                Delay = Request.RetryDelay ?? TimeSpan.FromMilliseconds(500),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();

    private async Task<FanOutHostResult> RunHostAsync(HostOptions host, RenderedCommand command, ResiliencePipeline<CommandOutcome> pipeline, TimeSpan timeout,
        IProgress<FanOutProgress>? progress, CancellationToken cancellationToken)
    {
        var attempt = 0;
        var canary = _rows[host.Name].Canary;
        var outcome = await pipeline.ExecuteAsync(async ct =>
        {
            attempt++;
            Update(new FanOutHostResult(host.Name, attempt == 1 ? FanOutHostState.Running : FanOutHostState.Retrying, attempt, null, "", canary), progress, counted: false);
            return await _runner.RunAsync(host, command, Request.RequestedBy, timeout, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        var row = new FanOutHostResult(host.Name, outcome.Succeeded ? FanOutHostState.Succeeded : FanOutHostState.Failed, attempt, outcome, outcome.Summary, canary);
        Update(row, progress, counted: true);
        return row;
    }

    private FanOutResult SkipRest(IEnumerable<HostOptions> rest, IProgress<FanOutProgress>? progress, long started, string reason)
    {
        foreach (var host in rest)
        {
            Skip(host.Name, progress, "Not started: " + reason);
        }

        _logger.LogWarning("Fan-out {JobId} of {Template} halted: {Reason}", Id, Request.Template, reason);
        return Finish(started, halted: true, reason);
    }

    private void Skip(string host, IProgress<FanOutProgress>? progress, string reason) =>
        Update(new FanOutHostResult(host, FanOutHostState.Skipped, 0, null, reason, false), progress, counted: true);

    private void Update(FanOutHostResult row, IProgress<FanOutProgress>? progress, bool counted)
    {
        _rows[row.Host] = row;
        if (counted)
        {
            Interlocked.Increment(ref _finished);
            if (row.State == FanOutHostState.Failed)
            {
                Interlocked.Increment(ref _failed);
            }
        }

        var report = new FanOutProgress(Id, row.Host, row.State, row.Attempts, row.Reason, Volatile.Read(ref _finished), Volatile.Read(ref _failed), _total);
        progress?.Report(report);
        ProgressChanged?.Invoke(report);
    }

    private FanOutResult Finish(long started, bool halted, string reason) =>
        new(Id, Request.Template, Request.Target, Snapshot(), halted, reason, Stopwatch.GetElapsedTime(started));
}
