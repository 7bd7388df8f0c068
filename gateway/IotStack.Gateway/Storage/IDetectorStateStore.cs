namespace IotStack.Gateway.Storage;

/// <summary>Checkpoints of each series' detector state (docs/detection.md, "Checkpoints"): one row per series, upserted.</summary>
internal interface IDetectorStateStore
{
    /// <summary>Upserts every row in one transaction.</summary>
    Task SaveDetectorStatesAsync(IReadOnlyList<DetectorStateRow> rows, CancellationToken cancellationToken);

    /// <summary>The checkpoints of one device's series (every channel).</summary>
    Task<IReadOnlyList<DetectorStateRow>> ReadDetectorStatesAsync(string fleet, string deviceId, CancellationToken cancellationToken);

    /// <summary>The checkpoints of every series of these devices, in one query per <see cref="MaxDevicesPerRead"/> devices.</summary>
    Task<IReadOnlyList<DetectorStateRow>> ReadDetectorStatesAsync(IReadOnlyList<(string Fleet, string DeviceId)> devices, CancellationToken cancellationToken);

    /// <summary>Devices per query of the batched read (two parameters each).</summary>
    public const int MaxDevicesPerRead = 200;
}
