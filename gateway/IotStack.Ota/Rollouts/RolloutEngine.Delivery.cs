using IotStack.Ota.Delivery;
using IotStack.Ota.Releases;
using IotStack.Protocol;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace IotStack.Ota.Rollouts;

/// <summary>
/// Per-board delivery: offer, wait for the board's verdict (or its silence), and retry transient
/// failures with exponential backoff through a Polly pipeline on the engine's TimeProvider. Board
/// progress arrives through <see cref="IOtaProgressSink"/>.
/// </summary>
internal sealed partial class RolloutEngine : IOtaProgressSink
{
    public void OnProgress(string fleet, string device, OtaProgress progress)
    {
        lock (_gate)
        {
            var key = fleet + "/" + device;
            foreach (var run in _runs.Values.Where(r => r.IsActive && r.Devices.ContainsKey(key)))
            {
                var d = run.Devices[key];
                if (run.Release is not null && progress.TransferId == run.Release.TransferId)
                {
                    Apply(run, d, progress);
                }
                else if (run.Rollback is not null && progress.TransferId == run.Rollback.TransferId && run.RollingBack.ContainsKey(key))
                {
                    ApplyRollback(run, d, progress);
                }
            }
        }
    }

    private void Apply(CampaignRun run, DeviceProgress d, OtaProgress p)
    {
        if (d.IsTerminal && p.State != OtaState.Confirmed)
        {
            return;
        }

        var state = p.State switch
        {
            OtaState.Offered => DeviceRolloutState.Offered,
            OtaState.Downloading => DeviceRolloutState.Downloading,
            OtaState.Verifying => DeviceRolloutState.Verifying,
            OtaState.Installed => DeviceRolloutState.Installed,
            OtaState.Confirmed => DeviceRolloutState.Confirmed,
            OtaState.Failed => DeviceRolloutState.Failed,
            _ => DeviceRolloutState.RolledBack,
        };
        d.Percent = p.Percent;
        d.Changed = _time.GetUtcNow();
        if (state == d.State && state == DeviceRolloutState.Downloading && p.Percent % 25 != 0)
        {
            return; // keep the write rate down; the in-memory percent is current
        }

        // A transient failure is not a failure of the wave yet: Polly offers again after a backoff.
        d.State = state == DeviceRolloutState.Failed && IsTransient(p.Reason) ? DeviceRolloutState.Retrying : state;
        d.Reason = string.IsNullOrEmpty(p.Reason) ? d.Reason : p.Reason;
        _store.SaveDevice(run.Campaign.Id, d);
        var outcome = state switch
        {
            DeviceRolloutState.Confirmed => AttemptOutcome.Confirmed,
            DeviceRolloutState.Failed when IsTransient(p.Reason) => AttemptOutcome.Transient(p.Reason!),
            DeviceRolloutState.Failed or DeviceRolloutState.RolledBack => AttemptOutcome.Final(p.Reason ?? state.ToString()),
            _ => null,
        };
        if (outcome is not null)
        {
            d.Waiter?.TrySetResult(outcome);
        }
    }

    private void ApplyRollback(CampaignRun run, DeviceProgress d, OtaProgress p)
    {
        d.Changed = _time.GetUtcNow();
        if (p.State == OtaState.Confirmed)
        {
            d.State = DeviceRolloutState.RolledBack;
            d.Reason = "rolled back to " + run.Campaign.RollbackVersion + ": " + run.Campaign.Reason;
            _store.SaveDevice(run.Campaign.Id, d);
            d.Waiter?.TrySetResult(AttemptOutcome.Confirmed);
        }
        else if (p.State is OtaState.Failed or OtaState.RolledBack)
        {
            d.Waiter?.TrySetResult(IsTransient(p.Reason) ? AttemptOutcome.Transient(p.Reason!) : AttemptOutcome.Final(p.Reason ?? "rollback refused"));
        }
    }

    /// <summary>Failures worth another offer: the transfer broke; a refusal (signature, board, hash, downgrade) will not change.</summary>
    private static bool IsTransient(string? reason) =>
        reason is not null && (reason.StartsWith("transfer", StringComparison.Ordinal) || reason.StartsWith("space", StringComparison.Ordinal) || reason.StartsWith("flash", StringComparison.Ordinal));

    private void StartDelivery(CampaignRun run, DeviceProgress d, bool rollback)
    {
        var release = rollback ? run.Rollback : run.Release;
        if (release is null)
        {
            return;
        }

        // Started inline (under the engine lock, which is re-entrant): it runs until its first real wait,
        // so a board that answers at once is settled before the tick moves on.
        run.Deliveries.Add(DeliverAsync(run, d, release, rollback, run.Stop.Token));
    }

    private async Task DeliverAsync(CampaignRun run, DeviceProgress d, Release release, bool rollback, CancellationToken cancellationToken)
    {
        var policy = run.Campaign.Policy;
        var pipeline = new ResiliencePipelineBuilder<AttemptOutcome> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<AttemptOutcome>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Retryable: true }),
                MaxRetryAttempts = Math.Max(0, policy.MaxAttempts - 1),
                Delay = policy.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                OnRetry = args =>
                {
                    lock (_gate)
                    {
                        if (!rollback)
                        {
                            d.State = DeviceRolloutState.Retrying;
                            _store.SaveDevice(run.Campaign.Id, d);
                        }
                    }

                    _logger.LogInformation("{Device}: retrying in {Delay} after {Reason}", d.Key, args.RetryDelay, args.Outcome.Result?.Reason);
                    return default;
                },
            })
            .Build();

        AttemptOutcome outcome;
        try
        {
            outcome = await pipeline.ExecuteAsync(token => AttemptAsync(run, d, release, rollback, token), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (rollback)
            {
                run.RollingBack[d.Key] = true;
            }
            else if (!outcome.Success && !d.IsTerminal)
            {
                d.State = DeviceRolloutState.Failed;
                d.Reason = outcome.Reason + $" (after {d.Attempts} offers)";
                _store.SaveDevice(run.Campaign.Id, d);
            }
        }

        // Terminal either way: a retained offer left behind would be re-delivered on every reconnect.
        await _offers.ClearOfferAsync(d.Fleet, d.Device, CancellationToken.None).ConfigureAwait(false);
    }

    private async ValueTask<AttemptOutcome> AttemptAsync(CampaignRun run, DeviceProgress d, Release release, bool rollback, CancellationToken cancellationToken)
    {
        TaskCompletionSource<AttemptOutcome> waiter;
        lock (_gate)
        {
            waiter = new TaskCompletionSource<AttemptOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            d.Waiter = waiter;
            d.Attempts++;
            d.Changed = _time.GetUtcNow();
            if (!rollback)
            {
                d.State = DeviceRolloutState.Offered;
            }

            _store.SaveDevice(run.Campaign.Id, d);
        }

        if (!await _offers.OfferAsync(d.Fleet, d.Device, release, cancellationToken).ConfigureAwait(false))
        {
            return AttemptOutcome.Transient("transfer: the broker did not take the offer");
        }

        var timeout = run.Campaign.Policy.AttemptTimeout;
        while (true)
        {
            var silence = Task.Delay(timeout, _time, cancellationToken);
            if (await Task.WhenAny(waiter.Task, silence).ConfigureAwait(false) == waiter.Task)
            {
                return await waiter.Task.ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                if (_time.GetUtcNow() - d.Changed >= timeout)
                {
                    return AttemptOutcome.Transient($"transfer: no word from the board for {timeout.TotalSeconds:0} s");
                }
            }
        }
    }
}
