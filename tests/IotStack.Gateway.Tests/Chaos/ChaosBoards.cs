using System.Collections.Concurrent;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Chaos;

/// <summary>
/// Boards as the chaos tests need them: each publishes telemetry batches 1, 2, 3… at QoS 1 on an MQTT 5 persistent
/// session, and does what the firmware's store-and-forward does when the broker goes away: reconnect and send the
/// same batch again until the broker acknowledges it. So every batch below <see cref="Acknowledged"/> had the broker's
/// PUBACK, and the store must end up with exactly 1..Acknowledged for each board: a gap is a lost batch, a count
/// above it a duplicate.
/// </summary>
internal sealed class ChaosBoards : IAsyncDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly MqttAccount _account;
    private readonly string _fleet;
    private readonly TimeSpan _pause;
    private readonly Func<string, uint, long, byte[]> _frame;
    private readonly long _t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 86_400_000;
    private readonly ConcurrentDictionary<string, uint> _acked = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private long _publishFailures;
    private long _noSubscribers;

    private ChaosBoards(PrivateMosquitto broker, string fleet, TimeSpan pause, Func<string, uint, long, byte[]>? frame)
    {
        _host = broker.Host;
        _port = broker.Port;
        _account = broker.BoardAccount;
        _fleet = fleet;
        _pause = pause;
        _frame = frame ?? ((_, sequence, timeMs) => Frames.Telemetry(sequence, timeMs));
    }

    public string Fleet => _fleet;

    public IReadOnlyDictionary<string, uint> Acknowledged => _acked;

    public long TotalAcknowledged => _acked.Values.Sum(v => (long)v);

    /// <summary>Each board's last acknowledged batch right now.</summary>
    public Dictionary<string, uint> Snapshot() => new(_acked, StringComparer.Ordinal);

    /// <summary>PUBACKs with reason 0x10, no matching subscribers (MQTT 5 §3.4.2.1): the broker took the batch but nobody was subscribed.</summary>
    public long NoSubscriberAcks => Interlocked.Read(ref _noSubscribers);

    /// <summary>Failed publish attempts (broker away); each was sent again.</summary>
    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    /// <summary>Starts <paramref name="boards"/> boards, each sending until <paramref name="batchesEach"/> (0: until stopped), pausing <paramref name="pause"/> between batches.</summary>
    /// <param name="frame">
    /// The payload of (device, sequence, sample time); the same arguments must give the same frame, since a batch the
    /// broker did not acknowledge is built and sent again. Null: <see cref="Frames.Telemetry"/>'s constant values.
    /// </param>
    public static ChaosBoards Start(PrivateMosquitto broker, int boards, TimeSpan pause, int batchesEach = 0, Func<string, uint, long, byte[]>? frame = null)
    {
        var fleet = new ChaosBoards(broker, "chaos" + Guid.NewGuid().ToString("N")[..6], pause, frame);
        for (int i = 0; i < boards; i++)
        {
            string device = $"b{i:D3}";
            fleet._acked[device] = 0;
            fleet._loops.Add(Task.Run(() => fleet.RunAsync(device, batchesEach)));
        }

        return fleet;
    }

    /// <summary>Waits until every board has sent its batches (bounded runs).</summary>
    public async Task WaitDoneAsync(TimeSpan limit) => await Task.WhenAll(_loops).WaitAsync(limit);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(string device, int batchesEach)
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithCredentials(_account.User, _account.Password)
            .WithClientId($"{_fleet}-{device}")
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        string topic = new DeviceTopics(_fleet, device).Telemetry;
        uint sequence = 1;
        while (!_stop.IsCancellationRequested && (batchesEach == 0 || sequence <= batchesEach))
        {
            try
            {
                if (!client.IsConnected)
                {
                    await client.ConnectAsync(options, _stop.Token);
                }

                MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                    .WithTopic(topic)
                    .WithPayload(_frame(device, sequence, _t0 + (sequence * 1000L)))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                MqttClientPublishResult result = await client.PublishAsync(message, _stop.Token);
                if (result.ReasonCode is MqttClientPublishReasonCode.NoMatchingSubscribers)
                {
                    Interlocked.Increment(ref _noSubscribers);
                }

                if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
                {
                    _acked[device] = sequence;
                    sequence++;
                    if (_pause > TimeSpan.Zero)
                    {
                        await Task.Delay(_pause, _stop.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _publishFailures);
                try
                {
                    await Task.Delay(200, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync();
            }
            catch (Exception)
            {
            }
        }
    }
}
