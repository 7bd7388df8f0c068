using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using IotStack.Ota.Releases;
using IotStack.Protocol;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace IotStack.Ota.Delivery;

/// <summary>
/// Serves OTA over MQTT (docs/ota.md): publishes retained offers, answers each board's
/// <see cref="OtaChunkRequest"/> with one <see cref="OtaChunk"/> (device-paced, so a board resumes by
/// asking from its last good offset), and hands <see cref="OtaProgress"/> to the rollout engine.
/// Messages go through a bounded channel to a few workers: the MQTT receive loop never waits on the
/// store, and a flood of requests is dropped and counted rather than queued without limit.
/// </summary>
internal sealed class ChunkServer : IAsyncDisposable, Rollouts.IOfferChannel
{
    private readonly ChunkServerOptions _options;
    private readonly ReleaseCatalog _catalog;
    private readonly ImageCache _cache;
    private readonly IOtaProgressSink _sink;
    private readonly IBoardStatusSink? _statusSink;
    private readonly ILogger<ChunkServer> _logger;
    private readonly IMqttClient _client;
    private readonly Channel<(string Topic, byte[] Payload)> _inbox;
    private readonly ConcurrentDictionary<string, long> _bytesByDevice = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private long _chunksServed;
    private long _bytesServed;
    private long _dropped;
    private long _refused;

    /// <param name="statusSink">Also receives every board's status report (not through a shared group: each gateway sees all); null: not subscribed.</param>
    public ChunkServer(ChunkServerOptions options, ReleaseCatalog catalog, ImageCache cache, IOtaProgressSink sink, ILogger<ChunkServer> logger, IBoardStatusSink? statusSink = null)
    {
        _statusSink = statusSink;
        _options = options;
        _catalog = catalog;
        _cache = cache;
        _sink = sink;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _inbox = System.Threading.Channels.Channel.CreateBounded<(string, byte[])>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleWriter = true,
        });
    }

    public long ChunksServed => Interlocked.Read(ref _chunksServed);

    public long BytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>Requests dropped because the queue was full (boards re-request after their timeout).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Requests not served: unknown transfer, bad file, or a stored file that does not match its manifest.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public bool IsConnected => _client.IsConnected;

    public long BytesServedTo(string fleet, string device) => _bytesByDevice.GetValueOrDefault(fleet + "/" + device);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < _options.Workers; i++)
        {
            _workers.Add(Task.Run(() => WorkAsync(_stop.Token)));
        }
    }

    /// <summary>Publishes the retained offer for one board; false when the broker did not acknowledge.</summary>
    public async Task<bool> OfferAsync(string fleet, string device, Release release, CancellationToken cancellationToken)
    {
        _catalog.Add(release);
        return await PublishAsync(new DeviceTopics(fleet, device).OtaOffer, OfferFrame.For(release), retain: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a board's retained offer (empty retained publish, MQTT 3.1.1 §3.3.1.3).</summary>
    public Task<bool> ClearOfferAsync(string fleet, string device, CancellationToken cancellationToken) =>
        PublishAsync(new DeviceTopics(fleet, device).OtaOffer, [], retain: true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_options.ClientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanSession()
            .Build();
        await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        var prefix = string.IsNullOrEmpty(_options.SharedGroup) ? "" : $"$share/{_options.SharedGroup}/";
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"{prefix}{DeviceTopics.Root}/{_options.Fleet}/+/{DeviceTopics.Suffix(TopicKind.OtaRequest)}", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter($"{prefix}{DeviceTopics.Root}/{_options.Fleet}/+/{DeviceTopics.Suffix(TopicKind.OtaProgress)}", MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        if (_statusSink is not null)
        {
            await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter($"{DeviceTopics.Root}/{_options.Fleet}/+/{DeviceTopics.Suffix(TopicKind.Status)}", MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ReconnectDelay, _stop.Token).ConfigureAwait(false);
                if (_client.IsConnected)
                {
                    return;
                }

                await ConnectAsync(_stop.Token).ConfigureAwait(false);
                _logger.LogInformation("OTA chunk server reconnected to {Host}:{Port}", _options.Host, _options.Port);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                _logger.LogDebug("OTA chunk server reconnect failed: {Error}", ex.Message);
            }
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var payload = e.ApplicationMessage.Payload.ToArray();
        if (_statusSink is { } statusSink && DeviceTopics.Parse(e.ApplicationMessage.Topic, out var fleet, out var device) == TopicKind.Status)
        {
            // Cheap and rare (one per board per status period): handled here, never queued behind chunk requests.
            var status = new StatusReport();
            if (status.ReadFrom(payload, 0, payload.Length) == DecodeStatus.Ok)
            {
                statusSink.OnStatus(fleet, device, status);
            }

            return Task.CompletedTask;
        }

        if (!_inbox.Writer.TryWrite((e.ApplicationMessage.Topic, payload)))
        {
            Interlocked.Increment(ref _dropped);
        }

        return Task.CompletedTask;
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        var request = new OtaChunkRequest();
        var progress = new OtaProgress();
        try
        {
            await foreach (var (topic, payload) in _inbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (DeviceTopics.Parse(topic, out var fleet, out var device))
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
        if (await PublishAsync(new DeviceTopics(fleet, device).OtaChunk, frame, retain: false, cancellationToken).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _chunksServed);
            Interlocked.Add(ref _bytesServed, read.Data.Length);
            _bytesByDevice.AddOrUpdate(fleet + "/" + device, read.Data.Length, (_, v) => v + read.Data.Length);
        }
    }

    private async Task<bool> PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            return result.IsSuccess;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            return false;
        }
    }
}
