namespace IotStack.Gateway.Storage;

/// <summary>Raw samples, their rollups, the (device, sequence) de-duplication record and the quarantine.</summary>
internal interface ITelemetryStore
{
    /// <summary>
    /// Writes one ingest batch in one transaction. A telemetry batch whose (device, sequence) is already
    /// stored is skipped (redelivery after a crash); <see cref="WriteSet.IsNew"/> says which were new.
    /// Returns the number of new telemetry batches.
    /// </summary>
    Task<int> WriteAsync(WriteSet set, CancellationToken cancellationToken);

    Task<IReadOnlyList<SeriesPoint>> ReadSeriesAsync(string deviceId, byte channel, DateTimeOffset from, DateTimeOffset to, SeriesResolution resolution, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<QuarantineEntry>> ReadQuarantineAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Sequences stored for one device, ascending (tests and diagnostics).</summary>
    Task<IReadOnlyList<uint>> ReadSequencesAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>Deletes raw samples and batch records older than <paramref name="rawBefore"/>, minute rollups older than <paramref name="minuteBefore"/>.</summary>
    Task<long> PruneAsync(DateTimeOffset rawBefore, DateTimeOffset minuteBefore, CancellationToken cancellationToken);
}
