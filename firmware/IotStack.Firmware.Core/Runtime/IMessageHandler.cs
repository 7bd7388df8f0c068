namespace IotStack.Firmware.Runtime
{
    /// <summary>
    /// A component that wants messages from a topic (e.g. OTA on ota/offer and ota/chunk). Registered
    /// with <see cref="DeviceRuntime.Subscribe"/>; called on the main-loop thread during Tick with a
    /// buffer the runtime reuses: copy what you keep.
    /// </summary>
    public interface IMessageHandler
    {
        void OnMessage(string topic, byte[] payload, int length);
    }
}
