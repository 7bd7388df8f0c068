namespace IotStack.Ota.Rollouts;

internal sealed record CampaignStatus(string Id, CampaignState State, int Wave, string? Reason, IReadOnlyList<DeviceStatus> Devices)
{
    /// <summary>The current wave as everyone names it (<see cref="Rollouts.WaveName"/>).</summary>
    public string WaveName => Rollouts.WaveName.Of(Wave);

    public int Count(DeviceRolloutState state) => Devices.Count(d => d.State == state);
}

internal sealed record DeviceStatus(string Fleet, string Device, int Wave, DeviceRolloutState State, int Percent, int Attempts, string? Reason)
{
    /// <summary>The board's wave as everyone names it (<see cref="Rollouts.WaveName"/>).</summary>
    public string WaveName => Rollouts.WaveName.Of(Wave);
}
