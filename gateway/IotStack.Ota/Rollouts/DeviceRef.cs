namespace IotStack.Ota.Rollouts;

/// <summary>A board as the directory knows it, with the firmware version it last reported (null when unknown).</summary>
internal readonly record struct DeviceRef(string Fleet, string Device, string? Version = null)
{
    public string Key => Fleet + "/" + Device;
}
