using System.Diagnostics;

namespace IotStack.Gateway.Storage;

/// <summary>
/// What one ingest flush writes in one transaction: telemetry batches with their samples, plus quarantined
/// payloads. Reused by the single ingest consumer; <see cref="Clear"/> keeps the capacity, so a steady
/// stream allocates nothing here.
/// </summary>
internal sealed class WriteSet
{
    private readonly List<BatchRow> _batches = new(256);
    private readonly List<SampleRow> _samples = new(4096);
    private readonly List<QuarantineEntry> _quarantine = new();
    private readonly List<bool> _isNew = new(256);

    public int BatchCount => _batches.Count;

    public int SampleCount => _samples.Count;

    public IReadOnlyList<QuarantineEntry> Quarantine => _quarantine;

    public bool IsEmpty => _batches.Count == 0 && _quarantine.Count == 0;

    public BatchRow BatchAt(int index) => _batches[index];

    public SampleRow SampleAt(int index) => _samples[index];

    /// <summary>Set by the store during <see cref="ITelemetryStore.WriteAsync"/>: false for a batch already stored.</summary>
    public bool IsNew(int batchIndex) => _isNew[batchIndex];

    public void MarkNew(int batchIndex, bool isNew) => _isNew[batchIndex] = isNew;

    /// <summary>Starts a batch; its samples are the ones added until the next call.</summary>
    public void BeginBatch(string deviceId, string fleet, uint sequence, long receivedMs)
    {
        _batches.Add(new BatchRow(deviceId, fleet, sequence, receivedMs, _samples.Count, 0));
        _isNew.Add(true);
    }

    public void AddSample(byte channel, long timeMs, float value)
    {
        Debug.Assert(_batches.Count > 0, "A sample belongs to a batch.");
        int last = _batches.Count - 1;
        BatchRow batch = _batches[last];
        _samples.Add(new SampleRow(batch.DeviceId, channel, timeMs, value) { Fleet = batch.Fleet });
        _batches[last] = batch with { SampleCount = batch.SampleCount + 1 };
    }

    public void AddQuarantine(QuarantineEntry entry) => _quarantine.Add(entry);

    public void Clear()
    {
        _batches.Clear();
        _samples.Clear();
        _quarantine.Clear();
        _isNew.Clear();
    }
}
