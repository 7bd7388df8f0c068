using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Commands
{
    /// <summary>
    /// Hands messages from the MQTT transport's thread to the main loop. <see cref="OnMessage"/> copies
    /// each payload into one of a fixed set of preallocated slots; the main loop takes them in arrival
    /// order in Tick. When every slot is taken the message is dropped and counted: a board that cannot
    /// keep up must not run out of memory, and the gateway retries commands that get no reply.
    /// </summary>
    internal sealed class Inbox : IMessageSink
    {
        private readonly object gate = new object();
        private readonly string[] topics;
        private readonly byte[][] payloads;
        private readonly int[] lengths;
        private int start;
        private int count;

        public Inbox(int slots, int slotBytes)
        {
            topics = new string[slots];
            payloads = new byte[slots][];
            lengths = new int[slots];
            for (int i = 0; i < slots; i++)
            {
                payloads[i] = new byte[slotBytes];
            }
        }

        /// <summary>Messages refused because the inbox was full or the payload larger than a slot.</summary>
        public uint Dropped { get; private set; }

        public void OnMessage(string topic, byte[] payload, int length)
        {
            lock (gate)
            {
                if (count == payloads.Length || length > payloads[0].Length || length < 0)
                {
                    Dropped++;
                    return;
                }

                int slot = (start + count) % payloads.Length;
                System.Array.Copy(payload, 0, payloads[slot], 0, length);
                topics[slot] = topic;
                lengths[slot] = length;
                count++;
            }
        }

        /// <summary>
        /// Copies the oldest message into <paramref name="target"/> (at least a slot long) and frees its
        /// slot; returns its length, or -1 when the inbox is empty.
        /// </summary>
        public int Take(byte[] target, out string topic)
        {
            lock (gate)
            {
                topic = null;
                if (count == 0)
                {
                    return -1;
                }

                int length = lengths[start];
                System.Array.Copy(payloads[start], 0, target, 0, length);
                topic = topics[start];
                topics[start] = null;
                start = (start + 1) % payloads.Length;
                count--;
                return length;
            }
        }
    }
}
