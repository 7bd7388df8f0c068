namespace IotStack.Ota.Rollouts;

/// <summary>One board in one campaign, persisted on every state change.</summary>
internal sealed class DeviceProgress
{
    public required string Fleet { get; init; }

    public required string Device { get; init; }

    /// <summary>Wave it was assigned to; -1 while waiting (boards that join mid-campaign start here too).</summary>
    public int Wave { get; set; } = -1;

    public DeviceRolloutState State { get; set; }

    public int Percent { get; set; }

    public string? Reason { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset Changed { get; set; }

    public string Key => Fleet + "/" + Device;

    public bool IsTerminal => State is DeviceRolloutState.Confirmed or DeviceRolloutState.Failed or DeviceRolloutState.RolledBack;

    internal TaskCompletionSource<AttemptOutcome>? Waiter { get; set; }
}
