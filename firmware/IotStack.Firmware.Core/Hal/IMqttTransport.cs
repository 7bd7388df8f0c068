namespace IotStack.Firmware.Hal
{
    /// <summary>
    /// The MQTT client as the core needs it: nanoFramework.M2Mqtt on the ESP32, MQTTnet on the virtual
    /// board. Every call is bounded in time (watchdog-friendly main loop): none blocks forever.
    /// </summary>
    public interface IMqttTransport
    {
        bool IsConnected { get; }

        /// <summary>
        /// Connects with a persistent session (clean session off) and a retained QoS 1 last will.
        /// Returns false on failure; the caller retries with backoff.
        /// </summary>
        bool Connect(string clientId, string willTopic, byte[] willPayload, int willLength);

        void Disconnect();

        /// <summary>QoS 1 publish; true only once the broker acknowledged (PUBACK) within the transport's timeout.</summary>
        bool Publish(string topic, byte[] payload, int offset, int count, bool retain);

        /// <summary>QoS 1 subscription; messages go to <paramref name="sink"/>.</summary>
        bool Subscribe(string topicFilter, IMessageSink sink);
    }
}
