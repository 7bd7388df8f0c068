namespace IotStack.Ota.Rollouts;

/// <summary>Where a campaign is. Persisted as numbers: append only.</summary>
internal enum CampaignState
{
    Scheduled = 0,
    /// <summary>Offering the current wave and waiting for its boards to settle.</summary>
    Running = 1,
    /// <summary>Wave settled; watching the updated boards' health for the soak period.</summary>
    Soaking = 2,
    Paused = 3,
    /// <summary>The release made boards sick: offering the previous release to every updated board.</summary>
    RollingBack = 4,
    Completed = 5,
    Aborted = 6,
}
