using IotStack.Firmware.Hal;

namespace IotStack.Bench.Fakes;

/// <summary>A broker that acknowledges everything and keeps nothing, so only the core's own allocations show.</summary>
internal sealed class BenchTransport : IMqttTransport
{
    public bool Online { get; set; } = true;

    public long BytesPublished { get; private set; }

    public bool IsConnected => Online;

    public bool Connect(string clientId, string willTopic, byte[] willPayload, int willLength) => Online;

    public void Disconnect()
    {
    }

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (!Online)
        {
            return false;
        }

        BytesPublished += count;
        return true;
    }

    public bool Subscribe(string topicFilter, IMessageSink sink) => Online;
}
