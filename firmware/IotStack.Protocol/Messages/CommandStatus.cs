namespace IotStack.Protocol
{
    /// <summary>How a board answered a command. Wire values: append only.</summary>
    public enum CommandStatus : byte
    {
        Ok = 0,
        Error = 1,
        Unsupported = 2,
        InvalidArgument = 3,
    }
}
