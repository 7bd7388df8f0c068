using System.Buffers;
using System.Collections.Concurrent;
using IotStack.Firmware.Ota;
using IotStack.Ota.Tests.Firmware.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using MQTTnet;
using MQTTnet.Protocol;

namespace IotStack.Ota.Tests.Support;

/// <summary>
/// A board reduced to its OTA path over a real broker: the portable <see cref="OtaUpdater"/> on an
/// in-memory flash, an MQTTnet client, and its own loop thread (messages are handled on that thread,
/// as the runtime's main loop does). Reboots build a new updater on the same flash and reconnect.
/// A version listed in <see cref="SickVersions"/> never gets its connection up (a faulty release).
/// </summary>
internal sealed class MqttOtaDevice : IOtaLink, IDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly MqttAccount _account;
    private readonly DeviceTopics _topics;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _inbox = new();
    private readonly SystemClock _clock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _publicKey;
    private readonly OtaOptions _options;
    private readonly Thread _thread;
    private IMqttClient _client;
    private volatile bool _online;

    /// <param name="account">A board's rights: its OTA requests and progress out, offers and chunks in.</param>
    public MqttOtaDevice(string fleet, string id, string host, int port, MqttAccount account, byte[] publicKey, OtaOptions options, string boardType = "esp32")
    {
        Id = id;
        _host = host;
        _port = port;
        _account = account;
        _topics = new DeviceTopics(fleet, id);
        _publicKey = publicKey;
        _options = options;
        Board = new FakeBoard(boardType);
        _client = NewClient();
        Updater = Boot();
        _thread = new Thread(Run) { IsBackground = true, Name = "ota-device-" + id };
    }

    public string Id { get; }

    public MemoryFlash Flash { get; } = new();

    public FakeBoard Board { get; }

    public OtaUpdater Updater { get; private set; }

    public HashSet<string> SickVersions { get; } = [];

    public int Boots { get; private set; }

    public bool IsOnline => _online && _client.IsConnected;

    public string RunningVersion => Updater.RunningVersion;

    public void Start() => _thread.Start();

    public bool SendRequest(OtaChunkRequest request)
    {
        var frame = new byte[request.FrameLength];
        request.WriteTo(frame, 0);
        return Publish(_topics.OtaRequest, frame, wait: false);
    }

    public bool SendProgress(OtaProgress progress)
    {
        var frame = new byte[progress.FrameLength];
        progress.WriteTo(frame, 0);
        return Publish(_topics.OtaProgress, frame, wait: true);
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_thread.IsAlive)
        {
            _thread.Join(5000);
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private OtaUpdater Boot()
    {
        Boots++;
        _clock.Restart();
        var updater = new OtaUpdater(Flash, _clock, Board, this, _publicKey, "1.0.0", _options);
        updater.Boot();
        return updater;
    }

    private IMqttClient NewClient()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            _inbox.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        return client;
    }

    private void Run()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            if (Updater.RebootRequested)
            {
                Reboot();
            }

            bool sick = SickVersions.Contains(Updater.RunningVersion) && Updater.Step == OtaStep.Trial;
            if (!sick && !_client.IsConnected)
            {
                TryConnect();
            }

            int handled = 0;
            while (handled < 64 && _inbox.TryDequeue(out var message))
            {
                if (message.Topic == _topics.OtaOffer)
                {
                    if (message.Payload.Length > 0)
                    {
                        Updater.HandleOffer(message.Payload, message.Payload.Length);
                    }
                }
                else if (message.Topic == _topics.OtaChunk)
                {
                    Updater.HandleChunk(message.Payload, message.Payload.Length);
                }

                handled++;
            }

            Updater.Tick();
            if (handled == 0)
            {
                token.WaitHandle.WaitOne(2);
            }
        }
    }

    private void Reboot()
    {
        _online = false;
        try
        {
            _client.DisconnectAsync().Wait(1000);
        }
        catch (AggregateException)
        {
            // Already down.
        }

        _client.Dispose();
        _client = NewClient();
        _inbox.Clear();
        Updater = Boot();
    }

    private void TryConnect()
    {
        _online = false;
        try
        {
            using var timeout = new CancellationTokenSource(2000);
            if (!_client.IsConnected)
            {
                _client.Dispose();
                _client = NewClient();
                var options = new MqttClientOptionsBuilder().WithTcpServer(_host, _port).WithCredentials(_account.User, _account.Password).WithClientId(_topics.Fleet + "." + Id).WithCleanSession().Build();
                _client.ConnectAsync(options, timeout.Token).GetAwaiter().GetResult();
            }

            var subscribe = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(_topics.OtaOffer, MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(_topics.OtaChunk, MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            _client.SubscribeAsync(subscribe, timeout.Token).GetAwaiter().GetResult();
            _online = true;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            _stop.Token.WaitHandle.WaitOne(200);
        }
    }

    private bool Publish(string topic, byte[] frame, bool wait)
    {
        if (!IsOnline)
        {
            return false;
        }

        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(frame)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        try
        {
            var task = _client.PublishAsync(message, _stop.Token);
            if (!wait)
            {
                _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                return true;
            }

            return task.Wait(3000) && task.Result.IsSuccess;
        }
        catch (Exception e) when (e is AggregateException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException)
        {
            return false;
        }
    }
}
