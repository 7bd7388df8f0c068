namespace IotStack.Ota.Rollouts;

/// <summary>
/// The campaign engine's control flow as one table (state, event) → next state; pairs not listed are
/// refused (an operator's Resume on a completed campaign, a late WaveSettled after an abort).
/// </summary>
internal static class CampaignTransitions
{
    private static readonly Dictionary<(CampaignState, CampaignEvent), CampaignState> Table = new()
    {
        [(CampaignState.Scheduled, CampaignEvent.Start)] = CampaignState.Running,
        [(CampaignState.Scheduled, CampaignEvent.Abort)] = CampaignState.Aborted,
        [(CampaignState.Running, CampaignEvent.WaveSettled)] = CampaignState.Soaking,
        [(CampaignState.Running, CampaignEvent.FailureThreshold)] = CampaignState.Paused,
        [(CampaignState.Running, CampaignEvent.Pause)] = CampaignState.Paused,
        [(CampaignState.Running, CampaignEvent.Abort)] = CampaignState.Aborted,
        [(CampaignState.Soaking, CampaignEvent.SoakPassed)] = CampaignState.Running,
        [(CampaignState.Soaking, CampaignEvent.AllDone)] = CampaignState.Completed,
        [(CampaignState.Soaking, CampaignEvent.SoakFailed)] = CampaignState.RollingBack,
        [(CampaignState.Soaking, CampaignEvent.Pause)] = CampaignState.Paused,
        [(CampaignState.Soaking, CampaignEvent.Abort)] = CampaignState.Aborted,
        [(CampaignState.Paused, CampaignEvent.Resume)] = CampaignState.Running,
        [(CampaignState.Paused, CampaignEvent.Abort)] = CampaignState.Aborted,
        [(CampaignState.RollingBack, CampaignEvent.RollbackDone)] = CampaignState.Aborted,
    };

    public static CampaignState? Next(CampaignState from, CampaignEvent e) =>
        Table.TryGetValue((from, e), out var next) ? next : null;
}
