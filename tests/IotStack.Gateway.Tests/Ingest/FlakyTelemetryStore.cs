using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Tests.Ingest;

/// <summary>A telemetry store that fails its first <c>failures</c> writes, then commits (and counts) every batch as new.</summary>
internal sealed class FlakyTelemetryStore(int failures) : ITelemetryStore
{
    private int _calls;
    private int _commits;

    public int Calls => Volatile.Read(ref _calls);

    public int Commits => Volatile.Read(ref _commits);

    public Task<int> WriteAsync(WriteSet set, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) <= failures)
        {
            throw new IOException("disk unavailable");
        }

        Interlocked.Increment(ref _commits);
        return Task.FromResult(set.BatchCount);
    }

    public Task<IReadOnlyList<SeriesPoint>> ReadSeriesAsync(string deviceId, byte channel, DateTimeOffset from, DateTimeOffset to, SeriesResolution resolution, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<QuarantineEntry>> ReadQuarantineAsync(int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<uint>> ReadSequencesAsync(string deviceId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<long> PruneAsync(DateTimeOffset rawBefore, DateTimeOffset minuteBefore, CancellationToken cancellationToken) => throw new NotSupportedException();
}
