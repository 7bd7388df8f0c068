namespace IotStack.Protocol
{
    /// <summary>Commands a board obeys. Wire values: append only.</summary>
    public enum CommandKind : byte
    {
        Ping = 1,
        Reboot = 2,
        /// <summary>IntValue = period in ms for the sensor that owns Channel.</summary>
        SetSamplePeriod = 3,
        /// <summary>Threshold fields apply to Channel; NaN leaves a limit unset.</summary>
        SetThresholds = 4,
        ReadConfig = 5,
        /// <summary>IntValue = how many recent records to ship.</summary>
        DumpLogs = 6,
    }
}
