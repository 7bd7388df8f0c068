using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using IotStack.Firmware.Hal;
using IotStack.Firmware.Ota;
using IotStack.Protocol;
using MQTTnet;
using MQTTnet.Protocol;

namespace IotStack.Bench;

/// <summary>A board reduced to its OTA path: the portable updater, in-memory flash, one MQTTnet client, its own loop thread.</summary>
internal sealed class BenchBoard : IOtaLink, IBoard, IClock, IDisposable
{
    private readonly DeviceTopics _topics;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _inbox = new();
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private readonly BenchFlash _flash = new();
    private readonly IMqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly byte[] _key;
    private OtaUpdater _updater;

    public BenchBoard(string fleet, string id, byte[] publicKey, int window)
    {
        Window = window;
        _topics = new DeviceTopics(fleet, id);
        _key = publicKey;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _inbox.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        _updater = NewUpdater();
        _thread = new Thread(Run) { IsBackground = true };
    }

    public string Id => _topics.Device;

    /// <summary>Chunk requests kept in flight (<see cref="OtaOptions.RequestWindow"/>).</summary>
    public int Window { get; }

    public string Version => _updater.RunningVersion;

    public bool IsOnline => _client.IsConnected;

    public string BoardType => "esp32";

    public ResetReason LastResetReason => ResetReason.PowerOn;

    public uint FreeMemory => 100_000;

    public long NowMs => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    public long UptimeMs => _uptime.ElapsedMilliseconds;

    public async Task StartAsync(string host, int port)
    {
        await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId("bench-" + Id).WithCleanSession().Build());
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_topics.OtaOffer, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(_topics.OtaChunk, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        _thread.Start();
    }

    public bool SendRequest(OtaChunkRequest request) => Publish(_topics.OtaRequest, request.FrameLength, b => request.WriteTo(b, 0), false);

    public bool SendProgress(OtaProgress progress) => Publish(_topics.OtaProgress, progress.FrameLength, b => progress.WriteTo(b, 0), true);

    public void FeedWatchdog()
    {
    }

    public void Reboot(ResetReason reason)
    {
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(2000);
        _client.Dispose();
    }

    private OtaUpdater NewUpdater()
    {
        var updater = new OtaUpdater(_flash, this, this, this, _key, "1.0.0", new OtaOptions { RequestTimeoutMs = 2000, RequestWindow = Window });
        updater.Boot();
        return updater;
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (_updater.RebootRequested)
            {
                _updater = NewUpdater(); // the bench keeps the connection: it measures transfer, not reconnects
            }

            bool any = false;
            while (_inbox.TryDequeue(out var m))
            {
                any = true;
                if (m.Topic == _topics.OtaChunk)
                {
                    _updater.HandleChunk(m.Payload, m.Payload.Length);
                }
                else if (m.Payload.Length > 0)
                {
                    _updater.HandleOffer(m.Payload, m.Payload.Length);
                }
            }

            _updater.Tick();
            if (!any)
            {
                _stop.Token.WaitHandle.WaitOne(1);
            }
        }
    }

    private bool Publish(string topic, int length, Func<byte[], int> write, bool wait)
    {
        var frame = new byte[length];
        write(frame);
        var task = _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(frame)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return !wait || (task.Wait(5000) && task.Result.IsSuccess);
    }
}
