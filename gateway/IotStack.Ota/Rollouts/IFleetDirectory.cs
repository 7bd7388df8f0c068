namespace IotStack.Ota.Rollouts;

/// <summary>Group membership, implemented by the gateway from its device registry. Asked on every tick, so boards joining a group mid-campaign are picked up.</summary>
internal interface IFleetDirectory
{
    IReadOnlyList<DeviceRef> Members(string group);
}
