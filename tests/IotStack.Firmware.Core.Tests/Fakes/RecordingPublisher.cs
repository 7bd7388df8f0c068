using System.Collections;
using IotStack.Firmware.Runtime;

namespace IotStack.Firmware.Tests.Fakes
{
    /// <summary>An <see cref="IFramePublisher"/> that keeps copies of what it published and can be switched offline.</summary>
    internal sealed class RecordingPublisher : IFramePublisher
    {
        private readonly ArrayList frames = new ArrayList();
        private readonly ArrayList topics = new ArrayList();

        public RecordingPublisher()
        {
            Online = true;
        }

        public bool Online { get; set; }

        /// <summary>Online, but every publish goes unacknowledged.</summary>
        public bool Failing { get; set; }

        public bool IsOnline
        {
            get { return Online; }
        }

        public int Count
        {
            get { return frames.Count; }
        }

        public byte[] FrameAt(int index)
        {
            return (byte[])frames[index];
        }

        public string TopicAt(int index)
        {
            return (string)topics[index];
        }

        public bool Publish(string topic, byte[] buffer, int offset, int count, bool retain)
        {
            if (!Online || Failing)
            {
                return false;
            }

            byte[] copy = new byte[count];
            System.Array.Copy(buffer, offset, copy, 0, count);
            frames.Add(copy);
            topics.Add(topic);
            return true;
        }
    }
}
