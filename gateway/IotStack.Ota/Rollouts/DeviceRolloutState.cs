namespace IotStack.Ota.Rollouts;

/// <summary>One board's place in a campaign. Persisted as numbers: append only.</summary>
internal enum DeviceRolloutState
{
    Pending = 0,
    Offered = 1,
    Downloading = 2,
    Verifying = 3,
    Installed = 4,
    Confirmed = 5,
    Failed = 6,
    RolledBack = 7,
    /// <summary>A transfer failed or went unanswered; offered again after a backoff.</summary>
    Retrying = 8,
}
