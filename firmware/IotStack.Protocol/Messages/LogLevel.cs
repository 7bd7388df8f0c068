namespace IotStack.Protocol
{
    /// <summary>Log severity, shared by board and gateway. Wire values: append, never renumber.</summary>
    public enum LogLevel : byte
    {
        Trace = 0,
        Debug = 1,
        Info = 2,
        Warning = 3,
        Error = 4,
        Critical = 5,
    }
}
