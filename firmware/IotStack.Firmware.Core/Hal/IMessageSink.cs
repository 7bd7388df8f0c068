namespace IotStack.Firmware.Hal
{
    /// <summary>Receives messages for topics the board subscribed to. Called on the transport's thread: copy what you keep.</summary>
    public interface IMessageSink
    {
        void OnMessage(string topic, byte[] payload, int length);
    }
}
