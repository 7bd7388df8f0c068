using System.Collections.Concurrent;
using IotStack.Ota.Releases;
using IotStack.Protocol;
using Microsoft.Extensions.Logging;

namespace IotStack.Ota.Delivery;

/// <summary>
/// Serves OTA (docs/ota.md): answers each board's <see cref="OtaChunkRequest"/> with one <see cref="OtaChunk"/>
/// (device-paced, so a board resumes by asking from its last good offset), and hands <see cref="OtaProgress"/> to the
/// rollout engine. It runs no MQTT client: the host's ingress posts requests and reports to the <see cref="OtaInbox"/>,
/// a few workers take them from there (the receive loop never waits on the store), and chunks go out through the
/// host's connection (<see cref="IDevicePublisher"/>).
/// </summary>
internal sealed class ChunkServer : IAsyncDisposable
{
    private readonly ChunkServerOptions _options;
    private readonly OtaInbox _inbox;
    private readonly IDevicePublisher _publisher;
    private readonly ReleaseCatalog _catalog;
    private readonly ImageCache _cache;
    private readonly IOtaProgressSink _sink;
    private readonly ILogger<ChunkServer> _logger;
    private readonly ConcurrentDictionary<string, long> _bytesByDevice = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private long _chunksServed;
    private long _bytesServed;
    private long _refused;

    public ChunkServer(ChunkServerOptions options, OtaInbox inbox, IDevicePublisher publisher, ReleaseCatalog catalog, ImageCache cache, IOtaProgressSink sink, ILogger<ChunkServer> logger)
    {
        _options = options;
        _inbox = inbox;
        _publisher = publisher;
        _catalog = catalog;
        _cache = cache;
        _sink = sink;
        _logger = logger;
    }

    public long ChunksServed => Interlocked.Read(ref _chunksServed);

    public long BytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>Requests dropped because the inbox was full (boards re-request after their timeout).</summary>
    public long Dropped => _inbox.Dropped;

    /// <summary>Requests not served: unknown transfer, bad file, or a stored file that does not match its manifest.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public long BytesServedTo(string fleet, string device) => _bytesByDevice.GetValueOrDefault(fleet + "/" + device);

    /// <summary>Starts the workers; what the ingress posted before this waits in the inbox.</summary>
    public void Start()
    {
        for (int i = 0; i < _options.Workers; i++)
        {
            _workers.Add(Task.Run(() => WorkAsync(_stop.Token)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        var request = new OtaChunkRequest();
        var progress = new OtaProgress();
        try
        {
            await foreach (var (kind, fleet, device, payload) in _inbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (kind)
                {
                    case TopicKind.OtaRequest when request.ReadFrom(payload, 0, payload.Length) == DecodeStatus.Ok:
                        await ServeAsync(fleet, device, request, cancellationToken).ConfigureAwait(false);
                        break;
                    case TopicKind.OtaProgress when progress.ReadFrom(payload, 0, payload.Length) == DecodeStatus.Ok:
                        _sink.OnProgress(fleet, device, progress);
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task ServeAsync(string fleet, string device, OtaChunkRequest request, CancellationToken cancellationToken)
    {
        var release = _catalog.FindByTransfer(request.TransferId);
        if (release is null)
        {
            Interlocked.Increment(ref _refused);
            _logger.LogDebug("{Fleet}/{Device} asked for unknown transfer {Transfer:x8}", fleet, device, request.TransferId);
            return;
        }

        var read = await _cache.ReadAsync(release, request.FileIndex, request.Offset, request.Length, cancellationToken).ConfigureAwait(false);
        if (read.Data is null)
        {
            Interlocked.Increment(ref _refused);
            _logger.LogWarning("Not serving {Release} file {File} to {Fleet}/{Device}: {Why}", release, request.FileIndex, fleet, device, read.Refusal);
            return;
        }

        var chunk = new OtaChunk { TransferId = request.TransferId, FileIndex = request.FileIndex, Offset = request.Offset, DataLength = read.Data.Length };
        read.Data.CopyTo(chunk.Data, 0);
        var frame = new byte[chunk.FrameLength];
        chunk.WriteTo(frame, 0);
        if (await _publisher.PublishAsync(new DeviceTopics(fleet, device).OtaChunk, frame, retain: false, cancellationToken).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _chunksServed);
            Interlocked.Add(ref _bytesServed, read.Data.Length);
            _bytesByDevice.AddOrUpdate(fleet + "/" + device, read.Data.Length, (_, v) => v + read.Data.Length);
        }
    }
}
