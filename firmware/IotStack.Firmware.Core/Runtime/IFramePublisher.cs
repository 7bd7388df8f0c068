namespace IotStack.Firmware.Runtime
{
    /// <summary>
    /// Publishes one encoded frame when the board is online. Components (logger, OTA) publish through
    /// the device rather than the transport, so the device can count failures and stay the one owner
    /// of the connection.
    /// </summary>
    public interface IFramePublisher
    {
        bool IsOnline { get; }

        /// <summary>QoS 1; true once the broker acknowledged. False when offline or the publish failed.</summary>
        bool Publish(string topic, byte[] buffer, int offset, int count, bool retain);
    }
}
