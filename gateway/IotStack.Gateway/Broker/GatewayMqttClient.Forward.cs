using System.Threading.Channels;
using IotStack.Gateway.Cluster;
using IotStack.Gateway.Ingest;
using IotStack.Protocol;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace IotStack.Gateway.Broker;

/// <summary>
/// Device ownership (docs/scale.md): with <c>Cluster:Partitions</c> set, what the shared subscription hands this gateway
/// is republished to its device's partition (<see cref="OwnershipTopics"/>), whose owner holds that partition's session,
/// and the board's message is acknowledged once the broker has taken the copy (its PUBACK), never before. One publisher
/// in arrival order, so a device's messages reach its owner in the order this gateway received them. A copy the broker
/// refuses stays unacknowledged: the broker sends the original again on the next session.
/// </summary>
internal sealed partial class GatewayMqttClient
{
    private readonly int _partitions;
    private readonly System.Threading.Channels.Channel<(string Topic, byte[] Payload, MqttApplicationMessageReceivedEventArgs Received)> _forwards =
        System.Threading.Channels.Channel.CreateBounded<(string, byte[], MqttApplicationMessageReceivedEventArgs)>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = false });
    private readonly Dictionary<string, string> _forwardTopics = new(StringComparer.Ordinal);
    private Task _forwarding = Task.CompletedTask;

    /// <summary>
    /// Forwards a device message another client received (a dead gateway's session being drained, <see cref="Cluster.IngressDrain"/>)
    /// through this gateway's connection; acknowledged on the receiving client once the broker took the copy.
    /// Other messages are acknowledged as they are: a drained session's OTA requests and claims are retried by the boards.
    /// </summary>
    public ValueTask ForwardForAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Not through this client's topic caches: those belong to its own receive thread.
        string topic = e.ApplicationMessage.Topic;
        TopicKind kind = DeviceTopics.Parse(topic, out _, out string device);
        if (device is null || Array.IndexOf(Subscribed, kind) < 0)
        {
            return ValueTask.CompletedTask;
        }

        e.AutoAcknowledge = false;
        string target = OwnershipTopics.Prefix(_options.SharedGroup, DevicePartition.Of(device, _partitions)) + topic;
        return _forwards.Writer.WriteAsync((target, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), e), _stopping);
    }

    private ValueTask ForwardAsync(TopicInfo topic, MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        if (!_forwardTopics.TryGetValue(topic.Topic, out string? target))
        {
            target = OwnershipTopics.Prefix(_options.SharedGroup, DevicePartition.Of(topic.DeviceId!, _partitions)) + topic.Topic;
            if (_forwardTopics.Count < MaxCachedTopics)
            {
                _forwardTopics[topic.Topic] = target;
            }
        }

        return _forwards.Writer.WriteAsync((target, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), e), _stopping);
    }

    // Copies in flight at once: one at a time waited a round trip per message (measured: 0.30 of the rate without
    // ownership; a window of 64 gave 0.60). Publishes start in arrival order on one connection, and the boards'
    // messages are acknowledged in that order as their copies are.
    private const int ForwardWindow = 32;

    private async Task ForwardLoopAsync(CancellationToken stoppingToken)
    {
        var inFlight = new Queue<(Task<MqttClientPublishResult> Copy, string Topic, MqttApplicationMessageReceivedEventArgs Received)>(ForwardWindow);
        try
        {
            while (inFlight.Count > 0 || await _forwards.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (inFlight.Count < ForwardWindow && _forwards.Reader.TryRead(out (string Topic, byte[] Payload, MqttApplicationMessageReceivedEventArgs Received) next))
                {
                    MqttApplicationMessage copy = new MqttApplicationMessageBuilder()
                        .WithTopic(next.Topic)
                        .WithPayload(next.Payload)
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build();
                    inFlight.Enqueue((_client.PublishAsync(copy, stoppingToken), next.Topic, next.Received));
                }

                if (inFlight.Count > 0)
                {
                    (Task<MqttClientPublishResult> pending, string topic, MqttApplicationMessageReceivedEventArgs received) = inFlight.Dequeue();
                    await FinishForwardAsync(pending, topic, received, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not forwarded is not acknowledged; the broker keeps it for this gateway's session.
        }
    }

    private async Task FinishForwardAsync(Task<MqttClientPublishResult> pending, string topic, MqttApplicationMessageReceivedEventArgs received, CancellationToken stoppingToken)
    {
        try
        {
            MqttClientPublishResult result = await pending.ConfigureAwait(false);
            if (result.IsSuccess)
            {
                await received.AcknowledgeAsync(stoppingToken).ConfigureAwait(false);
            }
            else
            {
                LogForwardRefused(topic, result.ReasonCode.ToString());
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection dropped: the original stays unacknowledged and comes again on the next session.
            LogForwardFailed(topic, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The broker refused the copy for the owner on {Topic} ({Reason}); the board's message stays unacknowledged. The gateway account needs write access to iotstack/#")]
    private partial void LogForwardRefused(string topic, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Forwarding to {Topic} failed ({Reason}); the broker sends the original again")]
    private partial void LogForwardFailed(string topic, string reason);
}
