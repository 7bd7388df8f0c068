using System.Collections;
using MQTTnet;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt;

/// <summary>Publish and Subscribe: validated and given an id at once, sent by the inflight thread, acknowledged by event.</summary>
public partial class MqttClient
{
    private const int AckTimeoutMs = 30_000;

    public ushort Publish(string topic, byte[] message) =>
        Publish(topic, message, null, null, MqttQoSLevel.AtMostOnce, false);

    public ushort Publish(string topic, byte[] message, string? contentType) =>
        Publish(topic, message, contentType, null, MqttQoSLevel.AtMostOnce, false);

    public ushort Publish(string topic, byte[] message, string? contentType, ArrayList? userProperties) =>
        Publish(topic, message, contentType, userProperties, MqttQoSLevel.AtMostOnce, false);

    public ushort Publish(string topic, byte[] message, string? contentType, ArrayList? userProperties, MqttQoSLevel qosLevel, bool retain)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ConnectRules.CheckPublishTopic(topic);
        ushort id = NextMessageId();
        MqttApplicationMessage outgoing = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(message ?? [])
            .WithQualityOfServiceLevel((MQTTnet.Protocol.MqttQualityOfServiceLevel)(int)qosLevel)
            .WithRetainFlag(retain)
            .Build();
        Enqueue(() =>
        {
            IMqttClient? client = Wire();
            if (client is null)
            {
                return;
            }

            try
            {
                using var timeout = new CancellationTokenSource(AckTimeoutMs);
                MqttClientPublishResult result = client.PublishAsync(outgoing, timeout.Token).GetAwaiter().GetResult();
                if (qosLevel != MqttQoSLevel.AtMostOnce)
                {
                    if (result.IsSuccess)
                    {
                        boot.Board.PublishAcknowledged?.Invoke(topic);
                    }

                    Raise(() => MqttMsgPublished?.Invoke(this, new MqttMsgPublishedEventArgs(id, result.IsSuccess)));
                }
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
            {
                // The connection dropped before the PUBACK: M2Mqtt closes the connection; no event for this id.
                ConnectionLost();
            }
        });
        return id;
    }

    public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels)
    {
        if (topics is null || topics.Length == 0)
        {
            throw new MqttClientException(MqttClientErrorCode.TopicsEmpty);
        }

        if (qosLevels is null || qosLevels.Length == 0)
        {
            throw new MqttClientException(MqttClientErrorCode.QosLevelsEmpty);
        }

        if (topics.Length != qosLevels.Length)
        {
            throw new MqttClientException(MqttClientErrorCode.TopicsQosLevelsNotMatch);
        }

        ushort id = NextMessageId();
        MqttClientSubscribeOptionsBuilder builder = new MqttClientFactory().CreateSubscribeOptionsBuilder();
        for (int i = 0; i < topics.Length; i++)
        {
            builder = builder.WithTopicFilter(topics[i], (MQTTnet.Protocol.MqttQualityOfServiceLevel)(int)qosLevels[i]);
        }

        MqttClientSubscribeOptions subscribe = builder.Build();
        Enqueue(() =>
        {
            IMqttClient? client = Wire();
            if (client is null)
            {
                return;
            }

            try
            {
                using var timeout = new CancellationTokenSource(AckTimeoutMs);
                MqttClientSubscribeResult result = client.SubscribeAsync(subscribe, timeout.Token).GetAwaiter().GetResult();
                MqttQoSLevel[] granted = result.Items
                    .Select(item => item.ResultCode <= MqttClientSubscribeResultCode.GrantedQoS2 ? (MqttQoSLevel)(int)item.ResultCode : MqttQoSLevel.GrantedFailure)
                    .ToArray();
                Raise(() => MqttMsgSubscribed?.Invoke(this, new MqttMsgSubscribedEventArgs(id, granted)));
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
            {
                ConnectionLost();
            }
        });
        return id;
    }

    /// <summary>M2Mqtt's id counter: 1..65535, then around again (0 is never used).</summary>
    private ushort NextMessageId()
    {
        lock (gate)
        {
            messageIdCounter = (messageIdCounter % ushort.MaxValue) + 1;
            return (ushort)messageIdCounter;
        }
    }

    private IMqttClient? Wire()
    {
        lock (gate)
        {
            return wire;
        }
    }

    private void Enqueue(Action send)
    {
        try
        {
            inflight.Add(send);
        }
        catch (InvalidOperationException)
        {
            // Closed client: M2Mqtt queues the message and nothing ever sends it; no acknowledgement follows.
        }
    }
}
