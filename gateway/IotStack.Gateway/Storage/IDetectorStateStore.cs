namespace IotStack.Gateway.Storage;

/// <summary>Checkpoints of each series' detector state (docs/detection.md, "Checkpoints"): one row per series, upserted.</summary>
internal interface IDetectorStateStore
{
    /// <summary>Upserts every row in one transaction.</summary>
    Task SaveDetectorStatesAsync(IReadOnlyList<DetectorStateRow> rows, CancellationToken cancellationToken);

    /// <summary>The checkpoints of one device's series (every channel).</summary>
    Task<IReadOnlyList<DetectorStateRow>> ReadDetectorStatesAsync(string fleet, string deviceId, CancellationToken cancellationToken);
}
