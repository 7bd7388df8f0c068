using Microsoft.Extensions.Logging;

namespace IotStack.Ota.Rollouts;

/// <summary>Waves, gates and the entry actions of the campaign table. Called under the engine's lock.</summary>
internal sealed partial class RolloutEngine
{
    private void Step(CampaignRun run)
    {
        var c = run.Campaign;
        var now = _time.GetUtcNow();
        switch (c.State)
        {
            case CampaignState.Scheduled when now >= c.StartAt:
                Fire(run, CampaignEvent.Start, null);
                break;

            case CampaignState.Running:
                RefreshMembers(run);
                var wave = run.InWave(c.Wave).ToList();
                if (wave.Count == 0)
                {
                    StartWave(run);
                    break;
                }

                int failed = wave.Count(d => d.State is DeviceRolloutState.Failed or DeviceRolloutState.RolledBack);
                if (failed > c.Policy.FailureThreshold * wave.Count)
                {
                    var reason = $"{failed} of {wave.Count} boards in {WaveName.InSentence(c.Wave)} failed: " + string.Join("; ", wave.Where(d => d.Reason is not null).Select(d => d.Reason).Distinct().Take(3));
                    Fire(run, CampaignEvent.FailureThreshold, reason);
                    if (c.Policy.AbortOnFailures)
                    {
                        Fire(run, CampaignEvent.Abort, reason);
                    }
                }
                else if (wave.All(d => d.IsTerminal))
                {
                    Fire(run, CampaignEvent.WaveSettled, null);
                }

                break;

            case CampaignState.Soaking when now - c.SoakStartedAt >= c.Policy.SoakPeriod:
                RefreshMembers(run);
                var verdict = JudgeSoak(run, c.SoakStartedAt!.Value, now, out bool waiting);
                if (verdict is not null)
                {
                    Fire(run, CampaignEvent.SoakFailed, "health gate: " + verdict);
                }
                else
                {
                    Fire(run, waiting ? CampaignEvent.SoakPassed : CampaignEvent.AllDone, null);
                }

                break;

            case CampaignState.RollingBack when run.RollingBack.Values.All(done => done):
                Fire(run, CampaignEvent.RollbackDone, c.Reason);
                break;
        }
    }

    /// <summary>One row of the table, then the entry action of the new state; persisted before anything is sent.</summary>
    private bool Fire(CampaignRun run, CampaignEvent e, string? reason)
    {
        var c = run.Campaign;
        var next = CampaignTransitions.Next(c.State, e);
        if (next is null)
        {
            return false;
        }

        var from = c.State;
        c.State = next.Value;
        if (reason is not null)
        {
            c.Reason = reason;
        }

        if (next == CampaignState.Soaking)
        {
            c.SoakStartedAt = _time.GetUtcNow();
        }

        _store.SaveCampaign(c);
        _logger.LogInformation("Campaign {Id}: {From} --{Event}--> {To} {Reason}", c.Id, from, e, next, reason);
        switch (next)
        {
            case CampaignState.Running when from is CampaignState.Scheduled or CampaignState.Soaking:
                StartWave(run);
                break;
            case CampaignState.RollingBack:
                StartRollback(run);
                break;
            case CampaignState.Aborted:
                run.Stop.Cancel();
                foreach (var d in run.Devices.Values.Where(d => !d.IsTerminal && d.Wave >= 0))
                {
                    _ = _offers.ClearOfferAsync(d.Fleet, d.Device, CancellationToken.None);
                }

                break;
        }

        return true;
    }

    /// <summary>Adds boards that joined the target group since the last look; they wait for a later wave.</summary>
    private void RefreshMembers(CampaignRun run)
    {
        var c = run.Campaign;
        IEnumerable<DeviceRef> members = c.Devices;
        if (c.Group is not null)
        {
            members = members.Concat(_directory.Members(c.Group));
        }

        foreach (var m in members)
        {
            if (run.Devices.ContainsKey(m.Key))
            {
                continue;
            }

            var d = new DeviceProgress { Fleet = m.Fleet, Device = m.Device, Changed = _time.GetUtcNow() };
            if (m.Version == c.Version)
            {
                d.State = DeviceRolloutState.Confirmed;
                d.Reason = "already on " + c.Version;
            }

            run.Devices[d.Key] = d;
            _store.SaveDevice(c.Id, d);
        }
    }

    private void StartWave(CampaignRun run)
    {
        var c = run.Campaign;
        var waiting = run.Devices.Values.Where(d => d.Wave < 0 && !d.IsTerminal).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
        if (waiting.Count == 0)
        {
            if (c.State == CampaignState.Running && run.Devices.Values.All(d => d.IsTerminal))
            {
                c.State = CampaignState.Soaking; // nothing left: a last soak, then AllDone
                c.SoakStartedAt = _time.GetUtcNow();
                _store.SaveCampaign(c);
            }

            return;
        }

        c.Wave++;
        c.WaveStarts.Add(_time.GetUtcNow());
        _store.SaveCampaign(c);
        int size = c.Policy.WaveSize(c.Wave, run.Devices.Count);
        foreach (var d in waiting.Take(size))
        {
            d.Wave = c.Wave;
            _store.SaveDevice(c.Id, d);
            StartDelivery(run, d, rollback: false);
        }
    }

    private void StartRollback(CampaignRun run)
    {
        if (run.Rollback is null)
        {
            _logger.LogWarning("Campaign {Id} failed its health gate but has no rollback release; updated boards stay", run.Campaign.Id);
            return;
        }

        foreach (var d in run.Devices.Values.Where(d => d.State == DeviceRolloutState.Confirmed && d.Wave >= 0))
        {
            if (!run.RollingBack.ContainsKey(d.Key))
            {
                run.RollingBack[d.Key] = false;
                StartDelivery(run, d, rollback: true);
            }
        }
    }

}
