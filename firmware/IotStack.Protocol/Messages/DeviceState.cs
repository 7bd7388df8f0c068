namespace IotStack.Protocol
{
    /// <summary>What a status frame says about the board. Offline is what the last-will carries. Wire values: append only.</summary>
    public enum DeviceState : byte
    {
        Offline = 0,
        Online = 1,
        Rebooting = 2,
        Updating = 3,
    }
}
