using System.Buffers;
using IotStack.TestServices;
using MQTTnet;
using MQTTnet.Protocol;

namespace IotStack.Firmware.Host.Tests.Support;

/// <summary>A test subscriber: records every message on its filters, in arrival order, and can publish.</summary>
internal sealed class MqttProbe : IAsyncDisposable
{
    private readonly IMqttClient client;
    private readonly List<(string Topic, byte[] Payload, bool Retained)> messages = [];

    private MqttProbe(IMqttClient client)
    {
        this.client = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            lock (messages)
            {
                messages.Add((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
                Monitor.PulseAll(messages);
            }

            return Task.CompletedTask;
        };
    }

    public static async Task<MqttProbe> ConnectAsync(params string[] filters)
    {
        MqttEndpoint broker = ServiceEndpoints.Mosquitto;
        var probe = new MqttProbe(new MqttClientFactory().CreateMqttClient());
        await probe.client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithCredentials(ServiceEndpoints.MosquittoAccount.User, ServiceEndpoints.MosquittoAccount.Password)
            .WithClientId("probe-" + Guid.NewGuid().ToString("N"))
            .WithCleanSession(true)
            .Build());
        foreach (string filter in filters)
        {
            await probe.client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        return probe;
    }

    public IReadOnlyList<(string Topic, byte[] Payload, bool Retained)> Messages
    {
        get
        {
            lock (messages)
            {
                return messages.ToArray();
            }
        }
    }

    public async Task PublishAsync(string topic, byte[] payload, bool retain = false)
    {
        await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build());
    }

    /// <summary>Waits (real time) until <paramref name="done"/> holds for the messages so far; false on timeout.</summary>
    public bool WaitUntil(Func<IReadOnlyList<(string Topic, byte[] Payload, bool Retained)>, bool> done, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (messages)
        {
            while (!done(messages))
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    return false;
                }

                Monitor.Wait(messages, TimeSpan.FromMilliseconds(Math.Min(left, 200)));
            }

            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }

        client.Dispose();
    }
}
