namespace IotStack.Firmware.Tests.Fakes
{
    internal sealed class PublishedMessage
    {
        public PublishedMessage(string topic, byte[] payload, bool retain)
        {
            Topic = topic;
            Payload = payload;
            Retain = retain;
        }

        public string Topic { get; private set; }

        public byte[] Payload { get; private set; }

        public bool Retain { get; private set; }
    }
}
