namespace IotStack.Gateway.Options;

internal sealed class IngestOptions
{
    public int QueueCapacity { get; set; } = 10_000;

    public QueueFullMode FullMode { get; set; } = QueueFullMode.Wait;

    /// <summary>Messages per store transaction at most.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>How long a message waits at most for more to share its transaction before a partial batch is committed.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Bytes of a bad payload kept in the quarantine table.</summary>
    public int QuarantineBytes { get; set; } = 512;

    /// <summary>
    /// (device, channel) series with detector state held in memory at most; new ones beyond are refused and counted.
    /// With the statistical ensemble each series holds about 8.6 KB, so the default bounds detector state near 865 MB.
    /// </summary>
    public int MaxSeries { get; set; } = 100_000;

    /// <summary>
    /// Run the statistical ensemble (robust z, EWMA, CUSUM, seasonal, prediction error, new extremes, anomaly
    /// likelihood; the set the NAB tool scores) on every series besides the configured limits. About 8.6 KB per
    /// series and 1 µs per sample.
    /// </summary>
    public bool StatisticalDetectors { get; set; } = true;
}
