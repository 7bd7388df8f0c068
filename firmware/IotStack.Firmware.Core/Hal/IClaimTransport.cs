namespace IotStack.Firmware.Hal
{
    /// <summary>
    /// The MQTT calls a new board needs to claim its credential (docs/security.md, "Claiming"): a short clean session
    /// under the enrolment token's identity instead of the board's own. The board's <see cref="IMqttTransport"/> class
    /// implements it too (same Publish, Subscribe and Disconnect); only the CONNECT differs. Every call is bounded in time.
    /// </summary>
    public interface IClaimTransport
    {
        /// <summary>
        /// MQTT 3.1.1 CONNECT with a clean session, no will, and these credentials for this connection only.
        /// False when the broker is unreachable or refuses them.
        /// </summary>
        bool ConnectClean(string clientId, string user, string secret);

        /// <summary>QoS 1 subscription; true only once the broker granted it (SUBACK). Messages go to <paramref name="sink"/>.</summary>
        bool Subscribe(string topicFilter, IMessageSink sink);

        /// <summary>QoS 1 publish; true only once the broker acknowledged it (PUBACK).</summary>
        bool Publish(string topic, byte[] payload, int offset, int count, bool retain);

        void Disconnect();
    }
}
