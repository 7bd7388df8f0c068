namespace IotStack.Protocol
{
    /// <summary>Which on-chip check fired. Wire values: append, never renumber.</summary>
    public enum FindingRule : byte
    {
        AboveMax = 1,
        BelowMin = 2,
        RateOfChange = 3,
        /// <summary>Outside the rolling mean ± k·σ band.</summary>
        SigmaBand = 4,
        /// <summary>The sensor could not be read (NACK, bad CRC, impossible value); Value holds the error count.</summary>
        SensorError = 5,
    }
}
