namespace IotStack.Ota.Rollouts;

/// <summary>A rollout of one release to a group and/or a device list; persisted as JSON with its state.</summary>
internal sealed class Campaign
{
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    public required string Board { get; init; }

    public required string Version { get; init; }

    /// <summary>Release offered to updated boards when the campaign fails its health gate; null disables automatic rollback.</summary>
    public string? RollbackVersion { get; init; }

    public string? Group { get; init; }

    public List<DeviceRef> Devices { get; init; } = [];

    public RolloutPolicy Policy { get; init; } = new();

    public DateTimeOffset StartAt { get; init; }

    public CampaignState State { get; set; }

    /// <summary>Index of the wave under way (-1 before the first).</summary>
    public int Wave { get; set; } = -1;

    public DateTimeOffset? SoakStartedAt { get; set; }

    /// <summary>When each wave started (index = wave): the end of its boards' own pre-update health window.</summary>
    public List<DateTimeOffset> WaveStarts { get; init; } = [];

    /// <summary>Why the campaign paused, aborted or rolled back.</summary>
    public string? Reason { get; set; }
}
